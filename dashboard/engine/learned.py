"""Provides the learned decision layer over the rules' attributions: a linear-chain CRF over the
tokens of each candidate sentence (one with a rule attribution, a cue-lexicon word or a direct
quote) that labels each token O (outside), C (cue), S (source) or N (content), read from a plain
text weights file (dashboard/rules/attribution_model.tsv, made by `biasdash train attribution`).

Its features are mostly what the rules found: whether a token is inside a rule cue, source or
content, which cue rule and pattern, the cue's neutrality, a vague or resolved source; then the
cue lexicon, closed-class words, shape, quote context and position, each also for the tokens at
-2..+2. Inference is pure Python: Viterbi and forward-backward over four labels. The decision:
a rule attribution whose cue the model gives a probability below `drop` is dropped; a run of
cue tokens the rules missed, above `add`, becomes a new attribution (pattern "learned"); a kept
attribution without content takes the model's nearest content run. (A kept attribution without a
source stays so: the rules mark it vague, and a source the model puts there was measured worse
than the speakers the quote stage finds.)

The weights and their file are engine/weights.py."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import compress
from math import exp

from .nounphrases import vague_rule
from .records import Attribution, Span
from .text import SpanSet
from .weights import CONTENT, CUE, SEP, SOURCE, Model
from .wordlists import PRONOUNS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

    from .compiled import Compiled
    from .doc import Doc
    from .text import Tokens

MAX_WORD_MARKS = 50_000
POSITIONS = ("ps=0", "ps=1", "ps=2")  # which third of its sentence a token is in
# The attributes that end a class string, each with the separator before it
IQ, BEFORE, AFTER = f"{SEP}iq", f"{SEP}bef", f"{SEP}aft"
THIRDS = tuple(SEP + position for position in POSITIONS)
FIRST = f"{SEP}{POSITIONS[0]}{SEP}first"  # the first token of a sentence
LEARNED = "learned"  # the pattern (and, without a lexicon rule, the cue rule) of an added attribution
# Closed-class words whose identity is a feature (beside pronouns and cue-lexicon words).
FUNCTION_WORDS = frozenset("""
that to according who which whom in a an the of on by as for and but not no is was are were be
has had have will would could may might this also but if told tells asked there it its
""".split())


# -- features --------------------------------------------------------------------------------


class Item:
    """One candidate window of a sentence as the model reads it: its tokens [a, b) (a cue
    candidate with LEFT tokens before it and RIGHT after, windows that meet merged), their class
    strings with two of context on each side (`padded`), the rule attributions whose cue starts
    in it, and the cue-lexicon rule (id, neutrality) at each token index."""

    __slots__ = ("a", "attributions", "b", "lexicon", "padded", "sentence", "single", "tokens", "words")

    def __init__(self, tokens: Tokens, a: int, b: int, sentence: Span, attributions: list[Attribution],
                 lexicon: dict[int, tuple[str, str]], padded: list[str],
                 words: frozenset[str] | None = None, single: bool = False) -> None:
        self.tokens, self.a, self.b, self.sentence = tokens, a, b, sentence
        self.attributions, self.lexicon, self.padded = attributions, lexicon, padded
        # None for a window around a rule cue or a cue-lexicon word; else the learned words that opened it
        self.words = words
        # Whether its only cue candidate is one rule attribution's cue (see sure())
        self.single = single


LEFT, RIGHT = 4, 3  # a window: the tokens [cue - LEFT, cue + RIGHT) of each cue candidate


def _marks(tokens: Tokens, a: int, b: int, attributions: list[Attribution],
           read: list[tuple[int, int, list[tuple[int, int]]]]) -> tuple[dict[int, list[str]], int]:
    """What the rules say of the tokens of a sentence [a, b) that the model reads (those in the
    ranges `read`), by token index, and the first rule cue."""
    starts = tokens.starts
    marks: dict[int, list[str]] = {}
    first_cue = b

    def mark(start: int, end: int, these: tuple[str, ...]) -> None:
        k0, k1 = bisect_left(starts, start, a, b), bisect_left(starts, end, a, b)
        for lo, hi, _ in read:
            for k in range(max(k0, lo), min(k1, hi)):
                marks.setdefault(k, []).extend(these)

    for att in attributions:
        first_cue = min(first_cue, bisect_left(starts, att.cue.start, a, b))
        mark(att.cue.start, att.cue.end, ("rc", f"cr={att.cue_rule}", f"nt={att.neutrality}", f"p={att.pattern}"))
        if att.source is not None:
            mark(att.source.start, att.source.end,
                 ("rs", "rsv" if att.vague else (f"rsk={att.source_kind}" if att.source_id else "rsu")))
        if att.content is not None:
            mark(att.content.start, att.content.end, ("rn",))
    return marks, first_cue


def _word_marks(word: str, low: str, rule: tuple[str, str] | None, rule_cue: bool,
                words: frozenset[str]) -> str:
    """The attributes a token has by its word alone: shape, closed-class or learned word, lexicon."""
    marks = []
    first = word[0]
    if first.isalpha():
        if first.isupper():
            marks.append("U" if len(word) > 1 and word.isupper() else "C")
        if low in FUNCTION_WORDS or low in PRONOUNS:
            marks.append(f"w={low}")
        elif low in words and rule is None:
            marks.append(f"w={low}")
            marks.append("cw")
    elif first.isdigit():
        marks.append("D")
    else:  # punctuation (a control character, which no weights file may name, as "?")
        marks.append(f"w={first}" if first.isprintable() else "w=?")
    if rule is not None:
        marks.append(f"w={low}")
        if not rule_cue:
            marks.append(f"lx={rule[0]}")
        marks.append("lx")
    return SEP.join(marks)


def windows(positions: list[int], a: int, b: int) -> list[tuple[int, int]]:
    """The merged windows [p - LEFT, p + RIGHT) of cue candidates `positions` (sorted) in [a, b)."""
    out: list[list[int]] = []
    for p in positions:
        lo, hi = max(a, p - LEFT), min(b, p + RIGHT)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _read(spans: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """The tokens the model reads of windows `spans`: each window with two of context on each
    side, merged where they meet, as (first, end, the windows in it)."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for w0, w1 in spans:
        if out and w0 - 2 <= out[-1][1]:
            out[-1] = (out[-1][0], w1 + 2, out[-1][2] + [(w0, w1)])
        else:
            out.append((w0 - 2, w1 + 2, [(w0, w1)]))
    return out


def items(doc: Doc) -> list[Item]:
    """The candidate windows of the token pass's current chunk: around each rule cue and each
    cue-lexicon word of its sentences."""
    chunk = doc.chunk
    assert chunk is not None
    tokens, compiled = chunk.tokens, doc.compiled
    model = compiled.model
    words = model.words if model is not None else frozenset()
    cache = model.word_marks if model is not None else {}
    lexicon: dict[int, tuple[str, str]] = {}
    for i, j, entry in compiled.cues.finditer(tokens.lowers):
        pair = (entry.rule.id, entry.rule.neutrality)
        for k in range(i, j):
            lexicon[k] = pair
    if chunk.refused:  # a cue word the rules read in a sense that reports no speech opens no window
        refused = SpanSet(chunk.refused)
        lexicon = {k: v for k, v in lexicon.items() if not refused.overlaps(tokens.starts[k], tokens.ends[k])}
    lowers = tokens.lowers
    learned = [i for i in compress(range(len(lowers)), map(words.__contains__, lowers)) if i not in lexicon]
    if not lexicon and not chunk.attributions and not learned:
        return []
    hit_at = sorted(lexicon)
    quote_ends = doc.quote_ends
    quoted = SpanSet(doc.quote_spans[bisect_left(quote_ends, chunk.start):bisect_right(quote_ends, chunk.stop) + 1])
    attributions = chunk.attributions
    cue_starts = [x.cue.start for x in attributions]
    starts, ends, texts = tokens.starts, tokens.ends, tokens.texts
    out = []
    for span, (a, b) in zip(chunk.sentences, chunk.sentence_tokens):
        if a >= b:
            continue
        lo, hi = bisect_left(cue_starts, span.start), bisect_left(cue_starts, span.end)
        mine = attributions[lo:hi]
        hits = hit_at[bisect_left(hit_at, a):bisect_left(hit_at, b)]
        more = learned[bisect_left(learned, a):bisect_left(learned, b)]
        if not (mine or hits or more):
            continue
        cue_at = [(bisect_left(starts, x.cue.start, a, b), x) for x in mine]
        spans = windows(sorted(set(hits) | {k for k, _ in cue_at} | set(more)), a, b)
        read = _read(spans)
        ruled, first_cue = _marks(tokens, a, b, mine, read) if mine else ({}, b)
        n = b - a
        # A token's class string: what the rules say of it, what its word says (remembered by
        # word, lexicon rule and whether it is in a rule cue), inside a direct quote, before or
        # after the sentence's first rule cue (a token the rules say nothing of), which third of
        # the sentence, first token. Tokens are in text order: none is quoted when their whole
        # stretch is not. Each stretch the model reads is worked out once, and its windows'
        # class strings (`padded`) are cut from it.
        in_quotes = quoted.overlaps(starts[a], ends[b - 1])
        sided = first_cue < b
        for lo, hi, these in read:
            row = ["<s>"] * (a - lo) if lo < a else []
            for i in range(max(lo, a), min(hi, b)):
                said = ruled.get(i)
                rule = lexicon.get(i)
                key = (texts[i], rule, said is not None and said[0] == "rc")
                own = cache.get(key)
                if own is None:
                    if len(cache) >= MAX_WORD_MARKS:
                        cache.clear()
                    own = cache[key] = _word_marks(texts[i], lowers[i], rule, key[2], words)
                cls = f"{SEP.join(said)}{SEP}{own}" if said else own
                if in_quotes and quoted.overlaps(starts[i], ends[i]):
                    cls += IQ
                if sided and not said:
                    cls += BEFORE if i < first_cue else AFTER
                k = i - a
                row.append(cls + (THIRDS[3 * k // n] if k else FIRST))
            if hi > b:
                row += ["</s>"] * (hi - b)
            for w0, w1 in these:
                padded = row[w0 - 2 - lo:w1 + 2 - lo]
                mine_here = [x for k, x in cue_at if w0 <= k < w1]
                lexicon_here = {k: lexicon[k] for k in hits if w0 <= k < w1}
                more_here = [k for k in more if w0 <= k < w1]
                opened = None if mine_here or lexicon_here else frozenset(lowers[k] for k in more_here)
                single = (len(mine_here) == 1 and not more_here
                          and all(tokens.starts[k] < mine_here[0].cue.end and tokens.ends[k] > mine_here[0].cue.start
                                  for k in lexicon_here))
                out.append(Item(tokens, w0, w1, span, mine_here, lexicon_here, padded, opened, single))
    return out


# -- decisions -------------------------------------------------------------------------------


def _runs(path: list[int], label: int) -> list[tuple[int, int]]:
    runs, start = [], -1
    for k, x in enumerate(path):
        if x == label and start < 0:
            start = k
        elif x != label and start >= 0:
            runs.append((start, k))
            start = -1
    if start >= 0:
        runs.append((start, len(path)))
    return runs


def _nearest(runs: list[tuple[int, int]], c0: int, c1: int) -> tuple[int, int] | None:
    best, gap = None, 1 << 30
    for r0, r1 in runs:
        if r0 < c1 and c0 < r1:
            continue
        d = c0 - r1 if r1 <= c0 else r0 - c1
        if d < gap:
            best, gap = (r0, r1), d
    return best


def _span(item: Item, r: tuple[int, int]) -> Span:
    t, a = item.tokens, item.a
    return Span(t.starts[a + r[0]], t.ends[a + r[1] - 1])


def _source(item: Item, r: tuple[int, int], text: str, compiled: Compiled
            ) -> tuple[Span, str | None, str | None, str | None]:
    """The source run's span, its source rule's id and kind, and else the vague rule that marks
    it ("Sources said so.": sources are unnamed, as where the rules find them)."""
    t, a = item.tokens, item.a
    s, e = a + r[0], a + r[1]
    span = Span(t.starts[s], t.ends[e - 1])
    rule = None
    if not (e - s == 1 and t.lowers[s] in PRONOUNS):
        rule = compiled.sources.resolve(text[span.start:span.end], t.texts[s:e], t.lowers[s:e])
    if rule is not None:
        return span, rule.id, rule.source_kind, None
    return span, None, None, vague_rule(t, s, e, compiled, e)[0]


def decide(model: Model, item: Item, path: list[int], marginals: list[tuple[float, float, float, float]], text: str,
           compiled: Compiled, drop: float | None = None, add: float | None = None,
           explain: bool = True) -> list[Attribution]:
    """The attributions of one candidate sentence once the model has read it (`explain`: with
    the strongest features of each decision)."""
    drop = model.drop if drop is None else drop
    add = model.add if add is None else add
    starts, a, b = item.tokens.starts, item.a, item.b
    runs: dict[int, list[tuple[int, int]]] = {}  # of a label, worked out when first asked for

    def of(label: int) -> list[tuple[int, int]]:
        found = runs.get(label)
        if found is None:
            found = runs[label] = _runs(path, label) if label in path else []
        return found

    out: list[Attribution] = []
    taken = []
    for att in item.attributions:
        c0 = bisect_left(starts, att.cue.start, a, b) - a
        c1 = max(c0 + 1, bisect_left(starts, att.cue.end, a, b) - a)
        taken.append((c0, c1))
        best = max(range(c0, c1), key=lambda k: marginals[k][CUE])
        p = marginals[best][CUE]
        if p < drop:
            continue
        changes: dict[str, Any] = {"why": (round(p, 3), model.strongest(item.padded, best, CUE)
                                              if explain else ())}
        if att.content is None:
            r = _nearest(of(CONTENT), c0, c1)
            if r is not None:
                changes["content"] = _span(item, r)
        out.append(att._replace(**changes))
    for c0, c1 in of(CUE):
        if any(c0 < t1 and t0 < c1 for t0, t1 in taken):
            continue
        best = max(range(c0, c1), key=lambda k: marginals[k][CUE])
        p = marginals[best][CUE]
        if p < add:
            continue
        r = _nearest(of(SOURCE), c0, c1)
        source, source_id, source_kind, vague_id = _source(item, r, text, compiled) if r else (None, None, None, None)
        r = _nearest(of(CONTENT), c0, c1)
        rule = next((item.lexicon[a + k] for k in range(c0, c1) if a + k in item.lexicon), None)
        out.append(Attribution(
            cue=_span(item, (c0, c1)), source=source, content=_span(item, r) if r else None,
            source_id=source_id, source_kind=source_kind, vague=source is None or vague_id is not None,
            sentence=item.sentence, cue_rule=rule[0] if rule else LEARNED,
            neutrality=rule[1] if rule else "neutral", vague_rule=vague_id, pattern=LEARNED,
            why=(round(p, 3), model.strongest(item.padded, best, CUE) if explain else ())))
    out.sort(key=lambda x: x.cue.start)
    return out


SURE = 0.95  # a cue whose own scores give it this probability is kept without the chain


def sure(model: Model, item: Item, explain: bool = True) -> Attribution | None:
    """A window's one rule attribution, kept as it is, when nothing else in the window could be
    a cue, it has a source and a content, and its cue token's own scores (before the chain)
    put it beyond doubt: most windows, decided without forward-backward."""
    if not item.single:
        return None
    att = item.attributions[0]
    if att.source is None or att.content is None:
        return None
    k = bisect_left(item.tokens.starts, att.cue.start, item.a, item.b) - item.a
    e0, e1, e2, e3 = model.emissions(item.padded[k:k + 5])[0]
    top = max(e0, e2, e3)
    if e1 - top < 2.9:  # then its own probability is below SURE (1 / (1 + exp(-2.9)) < 0.95)
        return None
    p = 1.0 / (1.0 + exp(e0 - e1) + exp(e2 - e1) + exp(e3 - e1))
    if p < SURE or p < model.drop:
        return None
    return att._replace(why=(round(p, 3), model.strongest(item.padded, k, CUE) if explain else ()))


def apply_model(doc: Doc) -> None:
    """The token pass's part after the rules: the model's decisions on the chunk's candidate
    windows replace the rules' attributions (nothing changes without a model)."""
    model = doc.compiled.model
    chunk = doc.chunk
    if model is None or chunk is None:
        return
    if model.collecting:
        model.take(doc, items(doc))
        return
    old = chunk.attributions
    decided: list[Attribution] = []
    text = doc.text
    for item in items(doc):
        kept = sure(model, item)
        if kept is not None:
            decided.append(kept)
            continue
        path, marginals = model.tag(item.padded)
        decided += decide(model, item, path, marginals, text, doc.compiled)
    # A cue the model adds where the rules read a word in a sense that reports no speech ("have
    # continued to be major allies") is not taken: the rules' reading is the stated one.
    if chunk.refused:
        refused = SpanSet(chunk.refused)
        decided = [x for x in decided if x.pattern != LEARNED or not refused.overlaps(x.cue.start, x.cue.end)]
    # Rule attributions outside candidate sentences cannot exist (a rule attribution makes its
    # sentence a candidate); keep the order of text.
    decided.sort(key=lambda x: x.cue.start)
    chunk.attributions = decided
    del doc.attributions[len(doc.attributions) - len(old):]
    doc.attributions += decided

