"""Provides attribution finding: the cues of each body sentence (which of them are reporting
verbs, which are inside quoted speech), each read by the attribution patterns (patterns.py), and
the vague passives ("is said to") that stand without a source."""

from __future__ import annotations

from .patterns import Cue, Sentence, attribute, standalone_vague
from .records import Attribution, Span
from .text import SpanSet, Tokens
from .wordlists import (
    ADD_FORMS,
    APPEAR_FORMS,
    ASPECTUAL,
    DETERMINERS,
    NOUN_MARKERS,
    PLACE_PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    STOP,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from .compiled import Compiled
    from .kinds.cues import CueEntry


def find_attributions(text: str, tokens: Tokens, sentences: list[Span],
                      sentence_tokens: list[tuple[int, int]], compiled: Compiled,
                      quoted: SpanSet | None = None, refused: list[Span] | None = None) -> list[Attribution]:
    """Every attribution in the body sentences, in text order.

    Cues inside closed direct quotes ("I think ..." in a speaker's words) belong to the quoted
    speech, not to the article's sourcing, and are skipped. Cue words read in a sense that
    reports no speech ("continued to support", "in defending his record") are added to
    `refused`, when given, as spans: the learned layer does not put them back.
    """
    found: list[Attribution] = []
    cue_starts = compiled.cues.candidates(tokens.lowers)
    standalone_starts = compiled.standalone.candidates(tokens.lowers)
    for span, (a, b) in zip(sentences, sentence_tokens):
        sentence = Sentence(text, tokens, span, (a, b), compiled)
        cues = _cues(sentence, cue_starts, quoted, refused)
        # "The ship is said to ...", "It is believed ...": a vague passive replaces the cue inside it.
        standalone = next(iter(compiled.standalone.finditer(tokens.lowers, a, b, standalone_starts)), None)
        if standalone is not None:
            i, j, rule = standalone
            cues = [c for c in cues if c[1] <= i or c[0] >= j]
            if not cues or any(c[0] >= i for c in cues) or i == a:
                found.append(standalone_vague(sentence, i, j, rule))
        previous: Attribution | None = None
        for i, j, entry in sorted(cues, key=lambda c: c[0]):
            attribution = attribute(Cue(sentence, i, j, entry, previous))
            if attribution is not None:
                found.append(attribution)
                previous = attribution
    found.sort(key=lambda x: x.cue.start)
    # An attribution that names no source ("the leaders are expected to ...") is vague, as the
    # contract says: the reader is not told who holds the view.
    return [a if a.source is not None or a.vague else a._replace(vague=True) for a in found]


def _cues(sentence: Sentence, cue_starts: list[int] | None, quoted: SpanSet | None,
          refused: list[Span] | None = None) -> list[tuple[int, int, CueEntry]]:
    """The cues of a sentence worth reading: its reporting verbs, and its phrase cues ("in a
    statement") when it has no verb cue or when they take their source after them."""
    tokens, a, b = sentence.tokens, sentence.a, sentence.b
    verb_cues: list[tuple[int, int, CueEntry]] = []
    phrase_cues: list[tuple[int, int, CueEntry]] = []
    headline: bool | None = None  # worked out only for a capitalised cue
    for i, j, entry in sentence.compiled.cues.finditer(tokens.lowers, a, b, cue_starts):
        if i > a and tokens.texts[i][0].isupper():
            if headline is None:
                headline = _is_title_case(tokens, a, b)
            if not headline:
                continue  # "United States" is not the verb "state"
        if not entry.after and (_is_adjective_use(tokens, i, a) or _not_speech(sentence, i, j)
                                or (i > a and tokens.lowers[i - 1] in entry.rule.not_after)):
            if refused is not None:
                refused.append(Span(tokens.starts[i], tokens.ends[j - 1]))
            continue
        if quoted is not None and quoted.covers(tokens.starts[i], tokens.ends[j - 1]):
            continue
        (verb_cues if _is_verb_cue(entry, tokens, i) else phrase_cues).append((i, j, entry))
    return verb_cues + [c for c in phrase_cues if c[2].after or not verb_cues]


def _is_verb_cue(entry: CueEntry, tokens: Tokens, i: int) -> bool:
    return entry.verb and not entry.after and tokens.lowers[i] not in ("in", "on", "at")


def _not_speech(sentence: Sentence, i: int, j: int) -> bool:
    """A cue word in a sense that reports no speech, told by what follows it: an aspectual verb
    before an infinitive that is no reporting verb ("continued to support each other", but
    "continued to insist") or before a plain object ("continued their crackdown"); "add to"
    ("adding to her lead"); "appear" in a place ("appeared on television")."""
    tokens, b = sentence.tokens, sentence.b
    if j >= b:
        return False
    low, after = tokens.lowers[i], tokens.lowers[j]
    if low in ASPECTUAL:
        if after == "to":
            return j + 1 >= b or sentence.compiled.cues.match_at(tokens.lowers, j + 1, b) is None
        return after in DETERMINERS
    if low in ADD_FORMS:
        return after == "to"
    if low in APPEAR_FORMS:
        return after in PLACE_PREPOSITIONS
    return False


def _is_adjective_use(tokens: Tokens, i: int, a: int) -> bool:
    """ "the reported cases", "a claimed victory", "the most pledged delegates", "1,237 pledged
    delegates": a participle used as an adjective, not a cue."""
    if i == a:
        return False
    before = tokens.lowers[i - 1]
    if before in NOUN_MARKERS:
        return True
    low = tokens.lowers[i]
    if not (low.endswith("ed") and (before in QUANTIFIERS or before.isdigit()) and i + 1 < len(tokens)):
        return False
    after = tokens.texts[i + 1]
    word = after.lower()
    return after[:1].isalpha() and after[:1].islower() and word not in STOP and word not in PRONOUNS \
        and word not in DETERMINERS and not word.endswith(("ing", "ly"))


def _is_title_case(tokens: Tokens, a: int, b: int) -> bool:
    """A headline in title case ("Bellwether County Says Trump Should Win"): capitals mean nothing."""
    words = [t for t in tokens.texts[a:b] if t[0].isalpha() and len(t) > 3]
    return len(words) >= 3 and sum(1 for t in words if t[0].isupper()) >= 0.8 * len(words)
