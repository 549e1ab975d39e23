"""Provides vaderSentiment 3.3.x's `SentimentIntensityAnalyzer.polarity_scores`, ported so that
each sentence is split and lower-cased once.

VADER's helpers (`sentiment_valence`, `_negation_check`, `_special_idioms_check`,
`_least_check`, `_but_check`, `negated`, `scalar_inc_dec`) each lower-case the words they read,
and three of them the whole sentence, on every call: most of VADER's time on news text. Here the
sentence's words are lower-cased once and every rule reads that list. The rules, their order and
their arithmetic are VADER's, line for line (the comments name the function each part ports),
with shortcuts that cannot change a score:

- only lexicon words get a valence (VADER gives every other word 0 after reading its
  neighbours for nothing), and a sentence without one scores as VADER scores all-zero valences;
- the idiom check builds its word sequences only when a word near the lexicon word belongs to
  one of VADER's multi-word phrases (every sequence it looks up is made of such words);
- score_valence sums only the valences that are not 0 (a 0 adds nothing, and counts as
  neutral);
- each distinct token's lower-cased word is remembered, and whether a word is in capitals is
  read from its token (the ASCII punctuation VADER strips from the ends has no case).

The tables (lexicon, emoji, boosters, negations, idioms) and constants are read from the
installed vaderSentiment, never copied; what is copied is its code, as of vaderSentiment 3.3.2
(installed here), which pyproject.toml pins (`>=3.3.2,<3.4`).
tests/unit/test_sentiment.py holds the port equal to `polarity_scores` on the seeds' sentences,
the annotated news and generated sentences for each rule; benchmarks/run.py counts the eval
sentences compared and identical.
"""

from __future__ import annotations

import math
from itertools import compress
from string import punctuation as PUNCTUATION

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
_EMPTY = {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
_SO_THIS = ("so", "this")
_MAX_REMEMBERED = 20_000  # distinct tokens remembered (about 2.5 MB), then forgotten all at once


class PolarityScores:
    """`polarity_scores(text)` of one VADER analyser (its lexicon and emoji table)."""

    def __init__(self, vader: Any) -> None:
        from vaderSentiment import vaderSentiment as vs

        self.lexicon: dict[str, float] = vader.lexicon
        self.emojis: dict[str, str] = vader.emojis
        # VADER tests one character at a time, so only one-character keys can ever match.
        self.emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        self.boosters: dict[str, float] = vs.BOOSTER_DICT
        self.negations = frozenset(vs.NEGATE)
        self.special: dict[str, float] = vs.SPECIAL_CASES
        self.c_incr, self.n_scalar = vs.C_INCR, vs.N_SCALAR
        # Every word of a multi-word idiom or booster ("kiss of death", "sort of").
        self.phrase_words = frozenset(word for key in (*vs.SPECIAL_CASES, *vs.BOOSTER_DICT)
                                      if " " in key for word in key.split(" "))
        # The 2- and 3-word booster phrases (`_special_idioms_check` adds their value).
        self.booster_phrases = {k: v for k, v in vs.BOOSTER_DICT.items() if " " in k}
        self._lowers = _Lowered()

    def __call__(self, text: str) -> dict[str, float]:
        if not text.isascii() and not self.emoji_chars.isdisjoint(text):  # no emoji is ASCII
            text = self._describe_emoji(text)
        text = text.strip()
        # VADER's words are these tokens with punctuation stripped from each end
        # (SentiText._words_and_emoticons); only their lower-cased forms are read, and whether
        # they are in capitals, which the punctuation at their ends cannot change.
        tokens = text.split()
        if not tokens:
            return dict(_EMPTY)
        lowers = list(map(self._lowers.__getitem__, tokens))
        lexicon, boosters = self.lexicon, self.boosters
        hits = list(compress(range(len(lowers)), map(lexicon.__contains__, lowers)))
        if not hits:
            return dict(_NEUTRAL)  # score_valence of all-zero valences, whatever the punctuation
        # allcap_differential
        capitals = sum(map(str.isupper, tokens))
        is_cap_diff = 0 < len(tokens) - capitals < len(tokens)
        # polarity_scores' loop: boosters and "kind of" keep 0; other words sentiment_valence.
        sentiments: list[float] = [0] * len(tokens)
        last = len(tokens) - 1
        for i in hits:
            low = lowers[i]
            if low in boosters or (low == "kind" and i < last and lowers[i + 1] == "of"):
                continue
            sentiments[i] = self._valence(tokens, lowers, i, is_cap_diff)
        if "but" in lowers:
            _but_check(lowers.index("but"), sentiments)
        return self._score_valence(list(filter(None, sentiments)), len(sentiments), text)

    def _describe_emoji(self, text: str) -> str:
        """polarity_scores' first loop: each emoji replaced by its description."""
        emojis = self.emojis
        out = []
        prev_space = True
        for ch in text:
            if ch in emojis:
                if not prev_space:
                    out.append(" ")
                out.append(emojis[ch])
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)

    def _valence(self, tokens: list[str], lowers: list[str], i: int, is_cap_diff: bool) -> float:
        """sentiment_valence, for a lexicon word (token i) that is not a booster."""
        lexicon, n_scalar = self.lexicon, self.n_scalar
        low = lowers[i]
        valence = lexicon[low]
        # "no" as a negation of the next lexicon word rather than a lexicon word of its own
        if low == "no" and i != len(tokens) - 1 and lowers[i + 1] in lexicon:
            valence = 0.0
        if ((i > 0 and lowers[i - 1] == "no") or (i > 1 and lowers[i - 2] == "no")
                or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in ("or", "nor"))):
            valence = lexicon[low] * n_scalar
        # a word in capitals among words that are not
        if tokens[i].isupper() and is_cap_diff:
            if valence > 0:
                valence += self.c_incr
            else:
                valence -= self.c_incr
        for start_i in range(0, 3):
            # the 1, 2 and 3 words before it, unless they are lexicon words themselves
            if i > start_i and lowers[i - (start_i + 1)] not in lexicon:
                s = self._scalar_inc_dec(tokens[i - (start_i + 1)], lowers[i - (start_i + 1)],
                                         valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = self._negation_check(valence, lowers, start_i, i)
                if start_i == 2:
                    valence = self._special_idioms_check(valence, lowers, i)
        return self._least_check(valence, lowers, i)

    def _scalar_inc_dec(self, word: str, lower: str, valence: float, is_cap_diff: bool) -> float:
        """scalar_inc_dec: a booster or dampener before the word, stronger in capitals."""
        scalar = 0.0
        if lower in self.boosters:
            scalar = self.boosters[lower]
            if valence < 0:
                scalar *= -1
            if word.isupper() and is_cap_diff:
                if valence > 0:
                    scalar += self.c_incr
                else:
                    scalar -= self.c_incr
        return scalar

    def _negated(self, lower: str) -> bool:
        """negated([word]), for the one (lower-cased) word VADER ever passes it here."""
        return lower in self.negations or "n't" in lower

    def _negation_check(self, valence: float, lowers: list[str], start_i: int, i: int) -> float:
        """_negation_check: a negation 1, 2 or 3 words before (start_i 0, 1, 2) flips the valence;
        "never so/this" strengthens it, "without doubt" leaves it."""
        w1 = lowers[i - 1]
        if start_i == 0:
            negates = self._negated(w1)
        elif start_i == 1:
            w2 = lowers[i - 2]
            if w2 == "never" and w1 in _SO_THIS:
                return valence * 1.25
            if w2 == "without" and w1 == "doubt":
                return valence
            negates = self._negated(w2)
        else:
            w2, w3 = lowers[i - 2], lowers[i - 3]
            if (w3 == "never" and w2 in _SO_THIS) or w1 in _SO_THIS:
                return valence * 1.25
            if w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                return valence
            negates = self._negated(w3)
        return valence * self.n_scalar if negates else valence

    def _special_idioms_check(self, valence: float, lowers: list[str], i: int) -> float:
        """_special_idioms_check (called with i >= 3): idioms around the word replace its valence,
        booster phrases before it add to it."""
        words = self.phrase_words
        if words.isdisjoint(lowers[i - 3:i + 3]):
            return valence  # no sequence below can be an idiom or a booster phrase
        special = self.special
        w3, w2, w1, w0 = lowers[i - 3], lowers[i - 2], lowers[i - 1], lowers[i]
        onezero = f"{w1} {w0}"
        twoonezero = f"{w2} {w1} {w0}"
        twoone = f"{w2} {w1}"
        threetwoone = f"{w3} {w2} {w1}"
        threetwo = f"{w3} {w2}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if len(lowers) - 1 > i:
            zeroone = f"{w0} {lowers[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if len(lowers) - 1 > i + 1:
            zeroonetwo = f"{w0} {lowers[i + 1]} {lowers[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in self.booster_phrases:
                valence = valence + self.booster_phrases[n_gram]
        return valence

    def _least_check(self, valence: float, lowers: list[str], i: int) -> float:
        """_least_check: "least" before the word negates it, except in "at least", "very least"."""
        if i > 1 and lowers[i - 1] not in self.lexicon and lowers[i - 1] == "least":
            if lowers[i - 2] != "at" and lowers[i - 2] != "very":
                valence = valence * self.n_scalar
        elif i > 0 and lowers[i - 1] not in self.lexicon and lowers[i - 1] == "least":
            valence = valence * self.n_scalar
        return valence

    @staticmethod
    def _score_valence(valences: list[float], words: int, text: str) -> dict[str, float]:
        """score_valence of a sentence of `words` words (at least one) whose valences other than
        0 are `valences`, in order: a 0 adds nothing to any of its sums and counts as neutral."""
        sum_s = float(sum(valences))
        # _punctuation_emphasis: _amplify_ep + _amplify_qm
        ep_amplifier = min(text.count("!"), 4) * 0.292
        qm_count = text.count("?")
        qm_amplifier: float = 0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        punct_emph_amplifier = ep_amplifier + qm_amplifier
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        # normalize (alpha 15)
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
        compound = -1.0 if compound < -1.0 else 1.0 if compound > 1.0 else compound
        # _sift_sentiment_scores
        pos_sum = 0.0
        neg_sum = 0.0
        for sentiment_score in valences:
            if sentiment_score > 0:
                pos_sum += (float(sentiment_score) + 1)
            else:
                neg_sum += (float(sentiment_score) - 1)
        neu_count = words - len(valences)
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return {"neg": round(math.fabs(neg_sum / total), 3), "neu": round(math.fabs(neu_count / total), 3),
                "pos": round(math.fabs(pos_sum / total), 3), "compound": round(compound, 4)}


class _Lowered(dict[str, str]):
    """Each whitespace-separated token as VADER reads it, lower-cased, remembered (news repeats
    its words): SentiText._strip_punc_if_word strips punctuation from each end unless that
    leaves 2 characters or fewer (an emoticon such as ":)" stays whole)."""

    def __missing__(self, token: str) -> str:
        if len(self) >= _MAX_REMEMBERED:
            self.clear()
        bare = token.strip(PUNCTUATION)
        lowered = self[token] = (token if len(bare) <= 2 else bare).lower()
        return lowered


def _but_check(bi: int, sentiments: list[float]) -> None:
    """_but_check, in place, as VADER does it: each valence found by value (`index`, the first
    equal one), so that equal valences on one side of "but" are scaled on the first of them."""
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 0.5)
        elif si > bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 1.5)
