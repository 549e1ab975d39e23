"""Provides conditions over metrics, the `condition:` of a check (Vale's `metric` type):
comparisons of a metric with a number or another metric, joined with `and`, `or`, `not` and
parentheses, e.g. `sentences >= 5 and (attributions >= 2 or quotes > 0)`.

A condition is parsed once into a tree of tuples, and evaluated by walking it: nothing in a rule
file is ever run as code."""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    Tree = tuple[str, Any, Any] | tuple[str, Any]

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}
_TOKEN = re.compile(r"\s*(?:(?P<number>-?\d+(?:\.\d+)?)|(?P<name>[a-z_][a-z0-9_]*)"
                    r"|(?P<op><=|>=|==|!=|<|>)|(?P<paren>[()]))")
MAX_LENGTH = 500


class ConditionError(ValueError):
    """A condition that cannot be read: the message says what and at which character."""


def parse(text: str, metrics: Mapping[str, Any] | frozenset[str]) -> Tree:
    """The tree of a condition whose every name is one of `metrics`; raises ConditionError."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition longer than {MAX_LENGTH} characters")
    tokens = _tokens(text)
    parser = _Parser(text, tokens, frozenset(metrics))
    tree = parser.expression()
    if parser.at < len(tokens):
        raise ConditionError(f"unexpected {tokens[parser.at][1]!r} at character {tokens[parser.at][2] + 1}")
    return tree


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.lastgroup is None:
            at = len(text) - len(text[pos:].lstrip())
            raise ConditionError(f"unexpected {text[at]!r} at character {at + 1}")
        kind = m.lastgroup
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class _Parser:
    """expression := conjunction ('or' conjunction)*; conjunction := factor ('and' factor)*;
    factor := 'not' factor | '(' expression ')' | operand comparison operand."""

    def __init__(self, text: str, tokens: list[tuple[str, str, int]], metrics: frozenset[str]) -> None:
        self.text, self.tokens, self.metrics, self.at = text, tokens, metrics, 0

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _word(self, word: str) -> bool:
        token = self._peek()
        if token is not None and token[0] == "name" and token[1] == word:
            self.at += 1
            return True
        return False

    def _expected(self, what: str) -> ConditionError:
        token = self._peek()
        if token is None:
            return ConditionError(f"expected {what} at the end of the condition")
        return ConditionError(f"expected {what}, found {token[1]!r} at character {token[2] + 1}")

    def expression(self) -> Tree:
        tree = self.conjunction()
        while self._word("or"):
            tree = ("or", tree, self.conjunction())
        return tree

    def conjunction(self) -> Tree:
        tree = self.factor()
        while self._word("and"):
            tree = ("and", tree, self.factor())
        return tree

    def factor(self) -> Tree:
        if self._word("not"):
            return ("not", self.factor())
        token = self._peek()
        if token is not None and token[1] == "(":
            self.at += 1
            tree = self.expression()
            token = self._peek()
            if token is None or token[1] != ")":
                raise self._expected("')'")
            self.at += 1
            return tree
        left = self.operand()
        token = self._peek()
        if token is None or token[0] != "op":
            raise self._expected("a comparison (<, <=, >, >=, ==, !=)")
        self.at += 1
        return (token[1], left, self.operand())

    def operand(self) -> tuple[str, Any]:
        token = self._peek()
        if token is None or token[0] not in ("number", "name") or token[1] in ("and", "or", "not"):
            raise self._expected("a metric name or a number")
        self.at += 1
        if token[0] == "number":
            return ("number", float(token[1]))
        if token[1] not in self.metrics:
            from .base import did_you_mean

            raise ConditionError(f"unknown metric {token[1]!r} at character {token[2] + 1}"
                                 f"{did_you_mean(token[1], sorted(self.metrics))}")
        return ("metric", token[1])


def holds(tree: Tree, metrics: Mapping[str, float]) -> bool:
    """Whether the condition holds for an article's metrics."""
    op = tree[0]
    if op == "and":
        return holds(tree[1], metrics) and holds(tree[2], metrics)  # type: ignore[misc]
    if op == "or":
        return holds(tree[1], metrics) or holds(tree[2], metrics)  # type: ignore[misc]
    if op == "not":
        return not holds(tree[1], metrics)
    return COMPARISONS[op](_value(tree[1], metrics), _value(tree[2], metrics))  # type: ignore[misc]


def _value(operand: tuple[str, Any], metrics: Mapping[str, float]) -> float:
    return operand[1] if operand[0] == "number" else metrics[operand[1]]


def metrics_of(tree: Tree) -> set[str]:
    """The metric names a condition reads."""
    if tree[0] == "metric":
        return {tree[1]}
    if tree[0] == "number":
        return set()
    return set().union(*(metrics_of(part) for part in tree[1:]))
