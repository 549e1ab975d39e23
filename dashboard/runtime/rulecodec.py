"""Provides rule sets as plain data for the cache (runtime/rulecache.py): every rule's fields,
the phrase matchers' tables and the source index as columns of JSON values, and the way back,
with every value checked, so that nothing a rule file could not have given reaches the engine."""

from __future__ import annotations

from itertools import accumulate, chain, repeat
from operator import add, itemgetter

from ..engine.compiled import Compiled
from ..engine.kinds import ID_PATTERN, KINDS, RULE_CLASSES, Examples, Rule
from ..engine.kinds.cues import CueEntry
from ..engine.matchers import PhraseMatcher, SourceIndex
from ..engine.metrics import METRICS
from ..engine.ruleset import RuleSet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# # Every part is stored as columns (one list per field, across all rules of a kind or all phrases
# of a matcher), so that reading one back is a few passes in C per column (type checks, tuple
# conversion) rather than Python calls per value: 10 ms of a one-article run otherwise.

class Invalid(Exception):
    """A cache entry (or a rule set being stored) is not of the shape this code reads and writes."""


def _expect(condition: bool) -> None:
    if not condition:
        raise Invalid


def _only(values: Any, kind: type) -> bool:
    """Whether `values` is a list of values of exactly `kind` (a bool is no int)."""
    return type(values) is list and set(map(type, values)) <= {kind}


def _column(values: Any, kind: type, count: int) -> list[Any]:
    _expect(_only(values, kind) and len(values) == count)
    return values


def _text_tuples(values: Any, count: int) -> list[tuple[str, ...]]:
    """A column of lists of text, as tuples."""
    _column(values, list, count)
    _expect(_only(list(chain.from_iterable(values)), str))
    return list(map(tuple, values))


def _numbers(values: Any, count: int) -> list[Any]:
    _expect(type(values) is list and set(map(type, values)) <= {float, int} and len(values) == count)
    return values


def _examples(values: Any, count: int) -> list[Any]:

    _column(values, list, count)
    _expect(set(map(len, values)) <= {2})
    matches = _text_tuples([v[0] for v in values], count)
    no_matches = _text_tuples([v[1] for v in values], count)
    _expect(all(matches))  # a rule file must give at least one `match` example
    return [Examples(match=m, no_match=n) for m, n in zip(matches, no_matches)]


# How a rule field's column is read back, by the field's annotation (the rule classes defer
# their annotations to strings); a float field written from a float comes back as one.
_FIELD_COLUMNS: dict[str, Callable[[Any, int], list[Any]]] = {
    "str": lambda v, n: _column(v, str, n), "bool": lambda v, n: _column(v, bool, n),
    "int": lambda v, n: _column(v, int, n), "float": _numbers,
    "tuple[str, ...]": _text_tuples, "Examples": _examples,
}


_NO_DEFAULT = object()


def _annotations(cls: type) -> dict[str, str]:
    """Every field's annotation, as written."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        found.update(vars(klass).get("__annotations__", {}))
    return found


def _encode_rules(kind: str, rules: list[Rule]) -> list[list[Any]]:

    cls = RULE_CLASSES[kind]
    annotations = _annotations(cls)
    _expect(all(type(rule) is cls and len(vars(rule)) == len(cls.fields) for rule in rules))
    columns = []
    for name in cls.fields:
        values = [getattr(rule, name) for rule in rules]
        annotation = annotations[name]
        if annotation == "Examples":
            values = [[list(v.match), list(v.no_match)] for v in values]
        elif annotation == "tuple[str, ...]":
            values = list(map(list, values))
        columns.append(values)
    return columns


def _decode_rules(kind: str, columns: Any, count: int) -> list[Rule]:
    """The `count` rules of a kind, from their columns: each column of its field's type, and
    every value the rule-file schema checks (choices, ranges, non-empty text, ids, metrics)
    checked again, so that no value a rule file could not have given reaches the engine."""

    cls = RULE_CLASSES[kind]
    annotations = _annotations(cls)
    checks = {spec.attr or key: spec.check for key, spec in KINDS[kind].schema.items()
              if key != "examples"}
    _expect(type(columns) is list and len(columns) == len(cls.fields))
    fields = {}
    for name, raw in zip(cls.fields, columns):
        values = fields[name] = _FIELD_COLUMNS[annotations[name]](raw, count)
        check = checks.get(name)
        if check is not None:
            default = cls._defaults.get(name, _NO_DEFAULT)  # a default needs no check (country "")
            _expect(all(check(r) is None for v, r in zip(values, raw) if v != default))
    _expect(set(fields["kind"]) <= {kind} and all(map(ID_PATTERN.match, fields["id"]))
            and (not count or min(fields["line"] + fields["column"]) >= 1))
    _expect(kind != "checks" or set(fields["metric"]) <= set(METRICS))
    names = cls.fields
    return [cls(**dict(zip(names, row))) for row in zip(*(fields[name] for name in names))]


# Compiled's phrase matchers, stored as data, and what each maps a phrase to: a cue entry, a
# vague rule, a loaded rule with the term the phrase comes from. The source index is stored too;
# every other part of Compiled (the furniture patterns) is compiled again on each load.
_MATCHERS = {"cues": "cues", "vague": "vague", "standalone": "vague", "loaded": "loaded"}
_STORED = (*_MATCHERS, "sources")
_SOURCE_PARTS = ("phrases", "by_alias", "by_domain", "by_id", "fuzzy_choices")
# The columns of what each stored kind's phrases map to (_encode_payloads). The kinds listed
# here are those whose compiled parts are stored; every other kind (checks, furniture, and any
# kind added later) is compiled again on each load, by its own `compile`.
_PAYLOAD_COLUMNS = {"cues": 3, "vague": 1, "loaded": 2, "sources": 2}
_STORED_KINDS = frozenset(_PAYLOAD_COLUMNS)


def _encode_payloads(kind: str, payloads: list[Any], index: dict[int, int]) -> list[list[Any]]:
    """What phrases map to, as columns of plain values (rules by their index in the rule set)."""

    if kind == "cues":
        _expect(all(type(p) is CueEntry and len(vars(p)) == 3 for p in payloads))
        return [[index[id(p.rule)] for p in payloads], [p.after for p in payloads],
                [p.verb for p in payloads]]
    if kind == "vague":
        return [[index[id(p)] for p in payloads]]
    _expect(all(type(p) is tuple and len(p) == 2 for p in payloads))
    if kind == "loaded":
        return [[index[id(p[0])] for p in payloads], [p[1] for p in payloads]]
    _expect(all(type(p[1]) is list for p in payloads))  # sources: (rule, its spellings' tokens)
    return [[index[id(p[0])] for p in payloads], [list(map(" ".join, p[1])) for p in payloads]]


def _rules_of(kind: str, owners: Any, rules: tuple[Rule, ...]) -> list[Rule]:
    """The rules a column of indices names, each of them in range and of `kind`."""
    _expect(_only(owners, int) and (not owners or (min(owners) >= 0 and max(owners) < len(rules))))
    _expect({rules[i].kind for i in set(owners)} <= {kind})
    return list(map(rules.__getitem__, owners))


def _phrases(joined: Any, count: int) -> list[tuple[str, ...]]:
    """A column of phrases, each stored as its words joined by spaces (a word never holds
    whitespace; JSON reads one string faster than a list of them), as tuples of words."""
    _column(joined, str, count)
    phrases = list(map(tuple, map(str.split, joined)))
    _expect(all(phrases))
    return phrases


def _decode_payloads(kind: str, columns: list[Any], count: int, rules: tuple[Rule, ...]) -> list[Any]:
    """What `_encode_payloads` stored, each rule index in range and naming a rule of `kind`."""

    owned = _rules_of(kind, _column(columns[0], int, count), rules)
    if kind == "cues":
        after, verb = _column(columns[1], bool, count), _column(columns[2], bool, count)
        # Equal entries are one object: they are immutable values, and 800 phrases have a few
        # dozen distinct ones.
        entries = {key: CueEntry(rules[key[0]], key[1], verb=key[2])
                   for key in set(zip(columns[0], after, verb))}
        return list(map(entries.__getitem__, zip(columns[0], after, verb)))
    if kind == "vague":
        return owned
    if kind == "loaded":
        return list(zip(owned, _column(columns[1], str, count)))
    _column(columns[1], list, count)
    return [(rule, _phrases(spellings, len(spellings))) for rule, spellings in zip(owned, columns[1])]


def _encode_buckets(kind: str, buckets: dict[str, list[tuple[Any, ...]]], items: int,
                    index: dict[int, int]) -> list[list[Any]]:
    """One of a matcher's tables (a dict of lists of tuples whose last item is a payload) as
    columns: the keys, each list's length, one column per tuple item (a phrase as its words
    after the first, which is the key, so stored once), then the payload's columns."""
    flat = [item for bucket in buckets.values() for item in bucket]
    _expect(all(type(item) is tuple and len(item) == items + 1 for item in flat))
    columns: list[list[Any]] = [list(buckets), [len(bucket) for bucket in buckets.values()]]
    for i in range(items):
        column = [item[i] for item in flat]
        if column and type(column[0]) is tuple:
            column = ["".join(" " + word for word in phrase[1:]) for phrase in column]
        columns.append(column)
    return columns + _encode_payloads(kind, [item[-1] for item in flat], index)


def _decode_buckets(kind: str, columns: Any, shape: str, rules: tuple[Rule, ...]) -> dict[str, list[Any]]:
    """The table `_encode_buckets` stored, each item checked and filed under its own key:
    `shape` "phrase" for (phrase, payload) items filed by their first word, "head" for (head,
    prefix, payload) filed by the head's first word, "single" for (rank, prefix, payload)
    filed by the prefix's first three letters."""
    items = 1 if shape == "phrase" else 2
    _expect(type(columns) is list and len(columns) == 2 + items + _PAYLOAD_COLUMNS[kind])
    keys, counts = columns[0], columns[1]
    _expect(_only(keys, str) and len(set(keys)) == len(keys) and _only(counts, int)
            and len(counts) == len(keys) and (not counts or min(counts) > 0))
    n = sum(counts)
    under = list(chain.from_iterable(map(repeat, keys, counts)))  # each item's key
    parts: list[list[Any]] = []
    if shape == "single":
        parts.append(_column(columns[2], int, n))
        parts.append(_column(columns[3], str, n))
        _expect(all(parts[1]) and [prefix[:3] for prefix in parts[1]] == under)
    else:
        # A phrase is its key followed by the rest of its words ("" or " word word").
        parts.append(_phrases(list(map(add, under, _column(columns[2], str, n))), n))
        _expect(list(map(itemgetter(0), parts[0])) == under)
        if shape == "head":
            parts.append(_column(columns[3], str, n))
            _expect(all(parts[1]))
    parts.append(_decode_payloads(kind, columns[2 + items:], n, rules))
    flat = list(zip(*parts))
    # Consecutive runs of `counts` items, one list per key, sliced without a loop in Python.
    bounds = list(accumulate(counts, initial=0))
    return dict(zip(keys, map(flat.__getitem__, map(slice, bounds, bounds[1:]))))


def _encode_matcher(kind: str, matcher: PhraseMatcher, index: dict[int, int]) -> dict[str, Any]:
    return {"exact": _encode_buckets(kind, matcher._exact, 1, index),
            "prefix": _encode_buckets(kind, matcher._prefix, 2, index),
            "single": _encode_buckets(kind, matcher._prefix_single, 2, index),
            "size": matcher.size}


def _decode_matcher(kind: str, data: Any, rules: tuple[Rule, ...]) -> PhraseMatcher:
    """The matcher `_encode_matcher` stored: its tables filled from the checked columns (every
    phrase filed under its own first word, every rule index in range and of the matcher's kind)."""

    _expect(type(data) is dict and data.keys() == {"exact", "prefix", "single", "size"}
            and type(data["size"]) is int)
    matcher = PhraseMatcher()
    _expect(set(vars(matcher)) == {"_exact", "_prefix", "_prefix_single", "size", "_starts", "_firsts"})
    matcher._exact = _decode_buckets(kind, data["exact"], "phrase", rules)
    matcher._prefix = _decode_buckets(kind, data["prefix"], "head", rules)
    matcher._prefix_single = _decode_buckets(kind, data["single"], "single", rules)
    matcher.size = data["size"]
    # What freeze() adds (the tables were stored sorted, and sorting 4,000 lists again costs
    # 3 ms); encode_ruleset() checks that this is exactly the state freeze() leaves.
    matcher._firsts = (None if matcher._prefix_single
                       else frozenset(matcher._exact) | frozenset(matcher._prefix))
    return matcher


def _encode_sources(sources: Any, index: dict[int, int]) -> dict[str, Any]:
    return {"phrases": _encode_matcher("sources", sources.phrases, index),
            "by_alias": [list(sources.by_alias), [index[id(r)] for r in sources.by_alias.values()]],
            "by_domain": [list(sources.by_domain), [index[id(r)] for r in sources.by_domain.values()]],
            "by_id": [list(sources.by_id), [index[id(r)] for r in sources.by_id.values()]],
            "fuzzy_choices": list(sources.fuzzy_choices)}


def _decode_sources(data: Any, rules: tuple[Rule, ...]) -> Any:

    _expect(type(data) is dict and data.keys() == set(_SOURCE_PARTS))
    sources = SourceIndex([])
    _expect(set(_SOURCE_PARTS) <= set(vars(sources)))
    sources.phrases = _decode_matcher("sources", data["phrases"], rules)
    for name in ("by_alias", "by_domain", "by_id"):
        _expect(type(data[name]) is list and len(data[name]) == 2)
        names, owners = data[name]
        _expect(_only(names, str) and len(names) == len(owners))
        setattr(sources, name, dict(zip(names, _rules_of("sources", owners, rules))))
    _expect(_only(data["fuzzy_choices"], str))
    sources.fuzzy_choices = data["fuzzy_choices"]
    return sources


def _state(obj: Any, skip: tuple[str, ...] = ("_starts",)) -> dict[str, Any]:
    """An object's attributes, less its memo of what it looked up (empty until it is used)."""
    return {name: value for name, value in vars(obj).items() if name not in skip}


def encode_ruleset(ruleset: RuleSet) -> dict[str, Any]:
    """A rule set as plain data: its rules' fields, its phrase matchers' tables and its source
    index. Raises Invalid when it holds anything this code cannot store faithfully (the engine
    has changed): decoding what it stored must give the very same rules and matchers. The parts
    of every other kind (checks, furniture, a kind added later) are not stored: they are compiled
    again on load, from that kind's rules alone."""

    compiled = ruleset.compiled
    index = {id(rule): i for i, rule in enumerate(ruleset.rules)}
    kinds = [rule.kind for rule in ruleset.rules]
    data = {"fields": {kind: list(cls.fields) for kind, cls in RULE_CLASSES.items()},
            "kinds": kinds,
            "rules": {kind: _encode_rules(kind, [r for r in ruleset.rules if r.kind == kind])
                      for kind in RULE_CLASSES},
            "matchers": {name: _encode_matcher(kind, getattr(compiled, name), index)
                         for name, kind in _MATCHERS.items()},
            "sources": _encode_sources(compiled.sources, index)}
    decoded = decode_ruleset(data)
    rebuilt = decoded.compiled
    _expect(decoded.rules == ruleset.rules and set(vars(rebuilt)) == set(vars(compiled)))
    for name in _MATCHERS:
        _expect(_state(getattr(rebuilt, name)) == _state(getattr(compiled, name)))
    _expect(_state(rebuilt.sources, ("phrases",)) == _state(compiled.sources, ("phrases",)))
    _expect(_state(rebuilt.sources.phrases) == _state(compiled.sources.phrases))
    # The parts of the other kinds are compiled again on load, each kind from its own rules (as
    # Compiled always builds them): nothing of them is stored, so nothing can come back different.
    return data


def decode_ruleset(data: Any) -> RuleSet:
    """The rule set `encode_ruleset` stored, every value checked; raises Invalid (or another
    exception of a malformed value) for anything else."""
    _expect(type(data) is dict and data.keys() == {"fields", "kinds", "rules", "matchers", "sources"})
    _expect(data["fields"] == {kind: list(cls.fields) for kind, cls in RULE_CLASSES.items()})
    kinds = data["kinds"]
    _expect(_only(kinds, str) and type(data["rules"]) is dict and data["rules"].keys() == RULE_CLASSES.keys()
            and type(data["matchers"]) is dict and data["matchers"].keys() == _MATCHERS.keys())
    of_kind = {kind: iter(_decode_rules(kind, columns, kinds.count(kind)))
               for kind, columns in data["rules"].items()}
    rules = tuple(next(of_kind[kind]) for kind in kinds)  # in their order in the rule set
    ruleset = RuleSet(rules)
    # Furniture patterns are compiled objects, and conditions trees: compiled again (a few ms).
    compiled = Compiled(r for r in rules if r.kind not in _STORED_KINDS)
    _expect(set(_STORED) <= set(vars(compiled)))
    for name, kind in _MATCHERS.items():
        setattr(compiled, name, _decode_matcher(kind, data["matchers"][name], rules))
    compiled.sources = _decode_sources(data["sources"], rules)
    ruleset.__dict__["compiled"] = compiled  # what the cached_property would have computed
    return ruleset
