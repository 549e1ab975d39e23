"""Provides the findings of the reuse checks (rules of kind `reuse`) on one compared pair: wire
copy taken without credit, a wire credited for only part of what was taken, and a state-media
attribution the rewrite drops or gives to a wire. Each finding is on the derivative, at the line
and column of the sentence (or credit) it is about."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..analysis import SEVERITY_RANK, Analysis
from ..article import Article
from ..findings import position
from ..kinds.reuse import ReuseRule
from ..records import Finding, Span
from ..ruleset import RuleSet
from .digest import Digest, as_digest
from .pairs import Kept, find_pairs
from .records import Reuse

WIRE = "wire"
STATE_MEDIA = "state_media"
# Changes that take a statement away from the state medium the origin credits it to.
LAUNDERING = ("dropped", "laundered")


def reuse_findings(reuse: Reuse, a: Analysis | Digest, b: Analysis | Digest, ruleset: RuleSet,
                   rules: list[ReuseRule] | None = None) -> list[Finding]:
    """The findings of the rule set's enabled reuse checks (or of `rules`) on the derivative of a
    reused pair (A and B as the Reuse names them, as analyses or digests), most severe first; none
    when no origin could be told. The rule set's sources say which outlets are wires."""
    if not reuse.reused or reuse.origin is None:
        return []
    da, db = as_digest(a), as_digest(b)
    origin, derivative = (da, db) if reuse.origin == da.id else (db, da)
    pair = _Pair(reuse, origin, derivative, ruleset)
    findings = [f for rule in (ruleset.compiled.reuse if rules is None else rules) for f in pair.check(rule)]
    findings.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return findings


def corpus_findings(items: Sequence[Analysis | Digest], ruleset: RuleSet, *,
                    stop: Callable[[], bool] | None = None, kept: Kept | None = None
                    ) -> list[tuple[Reuse, list[Finding]]]:
    """Each pair of a corpus (analyses or digests) where one article reuses the other, as
    find_pairs finds them (`stop` and `kept` as it takes them), with the reuse checks' findings on
    its derivative: what `check` on a corpus, its --watch and the dashboard all report."""
    by_id: dict[str, Analysis | Digest] = {}
    for item in items:
        by_id.setdefault(item.id if isinstance(item, Digest) else item.article.id, item)
    return [(pair, reuse_findings(pair, by_id[pair.a], by_id[pair.b], ruleset))
            for pair in find_pairs(items, stop=stop, kept=kept)]


class _Pair:
    """One reused pair as the checks read it: the origin, the derivative and who they credit."""

    def __init__(self, reuse: Reuse, origin: Digest, derivative: Digest, ruleset: RuleSet) -> None:
        self.reuse, self.origin, self.derivative = reuse, origin, derivative
        self.ruleset = ruleset
        self.derivative_is_b = reuse.b == derivative.id
        # Each attribution of the derivative's body with a source: (its sentence, source span, kind)
        self.cited = [(derivative.sentences[k], said.source, said.party.kind)
                      for k, sentence_said in enumerate(derivative.said) for said in sentence_said]
        self.taken = [x.b if self.derivative_is_b else x.a for x in reuse.aligned]
        self.credit_kind = self._credit_kind()

    def check(self, rule: ReuseRule) -> list[Finding]:
        if rule.test == "uncredited-wire":
            return self._uncredited(rule)
        if rule.test == "partial-credit":
            return self._partial(rule)
        return self._laundered(rule)

    # --- the tests ---------------------------------------------------------------------------

    def _uncredited(self, rule: ReuseRule) -> list[Finding]:
        share = self.reuse.reused_share.get(self.derivative.id, 0.0)
        why = self._wire_copy()
        if self.reuse.credited or why is None or share < rule.threshold or not self.taken:
            return []
        return [self._finding(rule, share, self.taken[0], share=share, source=why)]

    def _partial(self, rule: ReuseRule) -> list[Finding]:
        credit = self.reuse.credit
        if credit is None or self.credit_kind != WIRE or not self.taken:
            return []
        coverage = self._coverage(credit)
        if coverage >= rule.threshold:
            return []
        name = _article(self.derivative).text[credit.start:credit.end]
        share = self.reuse.reused_share.get(self.derivative.id, 0.0)
        return [self._finding(rule, coverage, credit, coverage=coverage, credit=name, share=share)]

    def _laundered(self, rule: ReuseRule) -> list[Finding]:
        similarity = {(x.a, x.b): x.similarity for x in self.reuse.aligned}
        out = []
        for change in self.reuse.changes:
            before = change.before
            if change.change not in LAUNDERING or before is None or before.kind != STATE_MEDIA:
                continue
            where = change.b if self.derivative_is_b else change.a
            score = similarity.get((change.a, change.b), 0.0)
            if where is None or score < rule.threshold:
                continue
            to = change.after.name if change.after is not None else "no one"
            out.append(self._finding(rule, score, where, source=before.name, to=to))
        return out

    # --- what they read ----------------------------------------------------------------------

    def _credit_kind(self) -> str | None:
        """The source kind of the derivative's credit (wire, or the origin's outlet's kind)."""
        credit = self.reuse.credit
        if credit is None:
            return None
        for _, source, kind in self.cited:
            if source == credit:
                return kind
        return None

    def _wire_copy(self) -> str | None:
        """Why the origin is known to be wire copy, in words, or None: its outlet is a wire, or
        a line of its page furniture (a dateline, a credit line) names one."""
        wires = [r for r in self.ruleset.of_kind("sources") if r.source_kind == WIRE]
        outlet = (self.origin.outlet or "").strip().lower()
        for source in wires:
            names = {source.id, source.name.lower(), *(alias.lower() for alias in source.aliases)}
            if outlet and outlet in names:
                return f"{self.origin.id} is from {source.name}"
        text = _article(self.origin).text
        for line in self.origin.furniture:
            words = text[line.start:line.end]
            for source in wires:
                if any(_names(alias, words) for alias in (source.name, *source.aliases)):
                    return f"{self.origin.id} credits {source.name} in its furniture"
        return None

    def _coverage(self, credit: Span) -> float:
        """The share of the derivative's aligned sentences a wire credit covers: all of them for a
        credit outside the body (a credit line, a dateline), else those attributed to a wire."""
        if any(line.start <= credit.start < line.end for line in self.derivative.furniture):
            return 1.0
        wired = {sentence for sentence, _, kind in self.cited if kind == WIRE}
        covered = sum(1 for s in self.taken if s in wired)
        return round(covered / len(self.taken), 3)

    def _finding(self, rule: ReuseRule, value: float, span: Span, **fill: object) -> Finding:
        article = _article(self.derivative)
        if article.line > 1 or (article.path or "").lower().endswith(".jsonl"):
            line, column = article.line, 1  # a JSONL record: its line of the file
        else:
            line, column = position(article, span.start)
        values = {"origin": self.origin.id, "threshold": _show(rule.threshold), **fill}
        message = rule.message
        for key, value_ in values.items():
            message = message.replace("{" + key + "}", _show(value_) if isinstance(value_, float) else str(value_))
        return Finding(rule.id, rule.severity, message, value, span, line, column)


def _article(digest: Digest) -> Article:
    assert digest.article is not None  # a digest made from an analysis carries its article
    return digest.article


def _names(alias: str, text: str) -> bool:
    """Whether `text` names `alias` as a word (case-sensitive for short all-caps names: AP)."""
    flags = 0 if alias.isupper() and len(alias) <= 4 else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text, flags) is not None


def _show(x: float) -> str:
    return f"{x:.0%}" if 0 <= x <= 1 else f"{x:g}"
