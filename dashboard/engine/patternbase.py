"""Provides what the attribution patterns (patterns.py) are built on: the Sentence and the Cue
they read, NOT_MINE (what a pattern says of a cue that is not its kind), the Pattern record with
its examples, and the making of an Attribution from the source a pattern found."""

from __future__ import annotations

from enum import Enum

from .nounphrases import is_adverb, np_left, skip_parenthesis, token_at, trim, vague_left, vague_rule
from .records import Attribution, Span
from .wordlists import PERIODS, PRONOUNS, SKIPPABLE, WEEKDAYS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Literal, TypeAlias

    from .compiled import Compiled
    from .kinds.cues import CueEntry
    from .text import Tokens


class Pass(Enum):
    """What a pattern returns for a cue that is not its kind: the next pattern is tried."""

    NOT_MINE = "not mine"


NOT_MINE = Pass.NOT_MINE
if TYPE_CHECKING:
    Result: TypeAlias = "Attribution | Literal[Pass.NOT_MINE] | None"
    SourceRange: TypeAlias = "tuple[int, int] | None"


class Sentence:
    """One body sentence as the patterns read it: its tokens [a, b) among `tokens`, its span."""

    __slots__ = ("a", "b", "compiled", "span", "text", "tokens")

    def __init__(self, text: str, tokens: Tokens, span: Span, bounds: tuple[int, int],
                 compiled: Compiled) -> None:
        self.text, self.tokens, self.span, self.compiled = text, tokens, span, compiled
        self.a, self.b = bounds


class Cue:
    """One cue, tokens [i, j) of a sentence, with what the patterns ask about it: the sentence,
    the attribution made by the cue before it in that sentence (`previous`), and where its
    subject ends (the cue with auxiliaries and adverbs before it skipped), worked out once."""

    __slots__ = ("_left", "_subject_end", "a", "b", "compiled", "entry", "i", "j", "pattern",
                 "previous", "span", "text", "tokens")

    def __init__(self, sentence: Sentence, i: int, j: int, entry: CueEntry,
                 previous: Attribution | None) -> None:
        self.text, self.tokens, self.span = sentence.text, sentence.tokens, sentence.span
        self.a, self.b, self.compiled = sentence.a, sentence.b, sentence.compiled
        self.i, self.j, self.entry, self.previous = i, j, entry, previous
        self.pattern = ""
        self._subject_end = -1
        self._left: SourceRange | Pass = NOT_MINE  # not worked out yet

    def trim(self, start: int, end: int) -> Span | None:
        return trim(self.text, start, end)

    def subject_end(self) -> int:
        """The token after the subject: "Kim also said", "Warren (D-MA) said" -> before "also", "(". """
        if self._subject_end < 0:
            t, a, k = self.tokens, self.a, self.i
            while k > a:
                low = t.lowers[k - 1]
                if low in SKIPPABLE or is_adverb(t, k - 1) or low.endswith("n't"):  # "Republicans don't seem"
                    k -= 1
                elif low in PERIODS and k - 2 > a and t.lowers[k - 2] in ("last", "this", "next"):
                    k -= 2  # "Beck, who ..., last week said"
                elif low in WEEKDAYS and k - 2 > a and t.lowers[k - 2] == "on":
                    k -= 2  # "Smith on Monday said"
                else:
                    break
            self._subject_end = skip_parenthesis(t, k, a)
        return self._subject_end

    def left(self) -> SourceRange:
        """The noun phrase (or vague source phrase) that ends where the subject does."""
        if self._left is NOT_MINE:
            k = self.subject_end()
            self._left = vague_left(self.tokens, k, self.a, self.compiled) or np_left(self.tokens, k, self.a)
        return None if isinstance(self._left, Pass) else self._left

    def build(self, source_range: SourceRange, content: Span | None, cue: Span | None = None,
              through: int | None = None) -> Attribution | None:
        """The attribution, its source resolved to a known source or a vague rule, or None for a
        cue that must have a source ("according to") and has none. With `through`, the source's
        span runs on to that token (a relative pronoun after its noun: "analysts who"), though
        only the noun phrase is resolved."""
        t, entry = self.tokens, self.entry
        cue = cue or Span(t.starts[self.i], t.ends[self.j - 1])
        source = source_id = source_kind = vague_id = None
        if source_range is not None:
            s, e = source_range
            source = Span(t.starts[s], t.ends[e - 1])
            rule = None
            if not (e - s == 1 and t.lowers[s] in PRONOUNS):
                rule = self.compiled.sources.resolve(self.text[source.start:source.end], t.texts[s:e],
                                                     t.lowers[s:e])
            if rule is not None:
                source_id, source_kind = rule.id, rule.source_kind
            else:
                cue_at = token_at(t, cue.start)
                stop = cue_at if cue_at > s else token_at(t, self.span.end)
                vague_id, reach = vague_rule(t, s, e, self.compiled, stop)
                if reach > e and cue_at < s:
                    # "according to people familiar with the matter": the vague phrase is the source.
                    source = Span(source.start, t.ends[reach - 1])
            if through is not None and through > e:
                source = Span(source.start, max(source.end, t.ends[through - 1]))
        elif entry.after:
            return None
        return Attribution(cue=cue, source=source, content=content, source_id=source_id,
                           source_kind=source_kind, vague=vague_id is not None, sentence=self.span,
                           cue_rule=entry.rule.id, neutrality=entry.rule.neutrality,
                           vague_rule=vague_id, pattern=self.pattern)


class Pattern:
    """A named way of reading a cue, with the sentences it must find and their source text."""

    __slots__ = ("examples", "find", "name")

    def __init__(self, name: str, find: Callable[[Cue], Result],
                 examples: tuple[tuple[str, str | None], ...]) -> None:
        self.name, self.find, self.examples = name, find, examples


def pattern(name: str, *examples: tuple[str, str | None]) -> Callable[[Callable[[Cue], Result]], Pattern]:
    """Make a function of a cue a Pattern called `name`; `examples` are (sentence, source)."""
    def make(find: Callable[[Cue], Result]) -> Pattern:
        return Pattern(name, find, examples)
    return make
