"""Provides the noun-phrase helpers the attribution patterns are built from: the phrase left or
right of a token, the subject of a sentence, an apposition, a vague source phrase, where reported
content starts, and the span of a clause without its separating punctuation. Each works on the
tokens of one sentence, [a, b), by index."""

from __future__ import annotations

from bisect import bisect_left

from .records import Span
from .text import ABBREVIATIONS, Tokens
from .wordlists import (
    DETERMINERS,
    LEADING_WORDS,
    NAME_CONNECTORS,
    NOT_ADVERBS,
    NOUN_FOLLOWERS,
    NUMBER_WORDS,
    OBJECT_PRONOUNS,
    POST_MODIFIERS,
    PRONOUNS,
    SCENE_SETTERS,
    SKIPPABLE,
    STOP,
    TIME_WORDS,
    TRAILING_NON_NP,
    VAGUE_LINKS,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from .compiled import Compiled

MAX_NP = 10


def trim(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding spaces and punctuation that only separates clauses."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return Span(start, end) if end > start else None


def token_at(tokens: Tokens, offset: int) -> int:
    return bisect_left(tokens.starts, offset)


def is_pronoun(tokens: Tokens, i: int) -> bool:
    """ "he", "they", "who", "they'd", "we've" -- but not "WHO" (the World Health Organization)."""
    low = tokens.lowers[i]
    if "'" in low:
        base, _, rest = low.partition("'")
        return base in PRONOUNS and rest in ("d", "ve", "ll", "re", "m")
    return low in PRONOUNS and not (tokens.texts[i].isupper() and len(tokens.texts[i]) > 1)


def is_name_word(tokens: Tokens, i: int, sentence_start: int) -> bool:
    """A capitalised function word inside a sentence is part of a name ("USA Today", "WHO")."""
    word = tokens.texts[i]
    return i > sentence_start and word[0].isupper() and word != "I"


def abbreviated(tokens: Tokens, i: int) -> bool:
    """Whether token `i`, before a period, is an abbreviation or an initial ("U.S", "Sen", the
    "R" of "Ronald R. Smith"): the period then belongs to the name, not to the sentence."""
    word = tokens.texts[i]
    return "." in word or tokens.lowers[i] in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def proper_or_determined(tokens: Tokens, i: int) -> bool:
    word = tokens.texts[i]
    return word[0].isupper() or tokens.lowers[i] in DETERMINERS or tokens.lowers[i] in PRONOUNS


def has_noun(tokens: Tokens, np: tuple[int, int]) -> bool:
    """Not only numbers, articles and dates ("30 states", "on Tuesday showed"); "some" and "many"
    can stand for people."""
    return any(not (low in NUMBER_WORDS or low in TIME_WORDS or low.isdigit() or not low[0].isalnum())
               for low in tokens.lowers[np[0]:np[1]])


def is_adverb(tokens: Tokens, i: int) -> bool:
    """ "he infamously referred to", "they boldly reminded": an -ly adverb between subject and verb."""
    low = tokens.lowers[i]
    return len(low) > 4 and low.endswith("ly") and tokens.texts[i][0].islower() and low not in NOT_ADVERBS


def np_left(tokens: Tokens, k: int, a: int) -> tuple[int, int] | None:
    """The noun phrase ending just before token `k` ("the state-run Korean Central News Agency")."""
    if k <= a:
        return None
    if is_pronoun(tokens, k - 1):
        return (k - 1, k)
    start = k
    while start > a and k - start < MAX_NP:
        word = tokens.texts[start - 1]
        low = tokens.lowers[start - 1]
        if low in ("'s",) and start - 1 > a:
            start -= 1
            continue
        if word == "." and start - 1 > a and abbreviated(tokens, start - 2):
            start -= 1  # "U.S.", "Sen." and "R." are words split as "U.S" + "."
            continue
        if start < k and start - 2 >= a and _number(tokens, start) and _number(tokens, start - 2) and (
                (word == "," and tokens.texts[start - 2].isdigit() and len(tokens.texts[start]) == 3)
                or low == "in"):
            start -= 2  # "21,000 said", "six in 10 said"
            continue
        if low in DETERMINERS:
            start -= 1
            before = tokens.lowers[start - 1] if start - 1 > a else ""
            if before == "of" or (before in NAME_CONNECTORS and tokens.texts[start - 2][:1].isupper()) \
                    or (before in POST_MODIFIERS and start - 2 >= a and modified_noun(tokens, start - 2)):
                continue  # "the International Committee of the Red Cross"
            break
        if low in POST_MODIFIERS and start < k and start - 2 >= a and modified_noun(tokens, start - 2):
            start -= 1
            continue
        if low in ("of", "and") or (low in NAME_CONNECTORS and inside_name(tokens, start - 1, a, k)):
            if start == k:
                break
            start -= 1
            continue
        if not word[0].isalnum() or (low in STOP and not is_name_word(tokens, start - 1, a)):
            break
        start -= 1
    while start < k and tokens.lowers[start] in ("of", "and", "'s"):
        start += 1
    if start >= k:
        return None
    return (start, k)


def _number(tokens: Tokens, i: int) -> bool:
    return tokens.texts[i].isdigit() or tokens.lowers[i] in NUMBER_WORDS


def np_right(tokens: Tokens, j: int, b: int, subject: bool = False) -> tuple[int, int] | None:
    """The noun phrase starting at token `j` ("according to China's official Xinhua News Agency")."""
    if j >= b:
        return None
    if is_pronoun(tokens, j) or (tokens.lowers[j] in OBJECT_PRONOUNS
                                  and (j + 1 >= b or not tokens.texts[j + 1][0].isalnum())):
        return (j, j + 1)
    end = j
    # In subject position, a lowercase word after a name is its verb ("Li Wei laid out").
    in_name = False
    while end < b and end - j < MAX_NP:
        word = tokens.texts[end]
        low = tokens.lowers[end]
        if low in DETERMINERS and end == j:
            end += 1
            continue
        if low == "'s" or (word == "." and end > j and abbreviated(tokens, end - 1)
                           and end + 1 < b and tokens.texts[end + 1][:1].isalnum()):
            in_name = low != "'s"
            end += 1
            continue
        if low == "of" and end > j:
            in_name = False
            end += 1
            continue
        if not word[0].isalnum() or low in DETERMINERS or (low in STOP and not is_name_word(tokens, end, j)):
            break
        if word[0].isupper():
            in_name = True
        elif subject and in_name and not word[0].isdigit():
            break
        end += 1
    while end > j and tokens.lowers[end - 1] in TRAILING_NON_NP:
        end -= 1
    return (j, end) if end > j else None


def inside_name(tokens: Tokens, i: int, a: int, k: int) -> bool:
    """ "Institute for the Study of War": a lowercase connector between capitalised words."""
    after = i + 1
    if after < k and tokens.lowers[after] in DETERMINERS:
        after += 1
    return (i - 1 >= a and tokens.texts[i - 1][:1].isupper()
            and after < k and tokens.texts[after][:1].isupper())


def modified_noun(tokens: Tokens, i: int) -> bool:
    """ "officials" in "officials in Zurich", "Experts" in "Experts from the WHO": a plural noun or
    a name before a prepositional phrase that belongs to the source."""
    word = tokens.texts[i]
    low = tokens.lowers[i]
    if low in STOP or not word[0].isalnum():
        return False
    return word[0].isupper() or (low.endswith("s") and not low.endswith("ss"))


def ends_clause(tokens: Tokens, end: int, b: int) -> bool:
    return end >= b or not tokens.texts[end][0].isalnum()


def skip_parenthesis(tokens: Tokens, k: int, a: int) -> int:
    """ "Sen. Elizabeth Warren (D-MA) said": the subject is before the parenthesis."""
    if k > a and tokens.texts[k - 1] == ")":
        for m in range(k - 2, max(a, k - 10) - 1, -1):
            if tokens.texts[m] == "(":
                return m
    return k


def np_before_apposition(tokens: Tokens, comma: int, a: int) -> tuple[int, int] | None:
    """ "Kim, the North Korean leader, said": the phrase before the opening comma of the apposition."""
    k = comma - 1
    limit = max(a, comma - 15)
    while k > limit and tokens.texts[k] != ",":
        if tokens.texts[k] in ("”", "\"", ".", ";"):
            return None
        k -= 1
    if k <= a or tokens.texts[k] != ",":
        return None
    found = np_left(tokens, k, a)
    if found and any(t[:1].isupper() for t in tokens.texts[found[0]:found[1]]):
        return found
    return None


def sentence_subject(tokens: Tokens, a: int, limit: int) -> tuple[int, int] | None:
    """The subject opening the sentence, for "Graham called Trump crazy and said ...": a pronoun,
    or a run of capitalised words (with "the", "of", possessives); after a leading "And", "Then",
    "Publicly," when one follows them."""
    first = a
    while a + 1 < limit and (tokens.lowers[a] in LEADING_WORDS or (
            tokens.lowers[a].endswith("ly") and tokens.lowers[a] not in NOT_ADVERBS and len(tokens.lowers[a]) > 4)):
        a += 1  # "And he said", "Then he cut into Bush", "Publicly, the nominee ..."
        if tokens.texts[a] == "," and a + 1 < limit:
            a += 1
    found = _subject_at(tokens, a, limit)
    return found if found is not None or a == first else _subject_at(tokens, first, limit)


def _subject_at(tokens: Tokens, a: int, limit: int) -> tuple[int, int] | None:
    if tokens.lowers[a] in SCENE_SETTERS or (tokens.texts[a].isupper() and len(tokens.texts[a]) > 2):
        # "In a letter released Monday, Sanders ...", "PARIS, Aug 31 (Reuters) - Le Pen ...":
        # the subject follows the opening phrase.
        comma = next((m for m in range(a, limit) if tokens.texts[m] in (",", "-", "—", "–")
                      and m + 1 < limit and (tokens.texts[m + 1][:1].isupper() or is_pronoun(tokens, m + 1))), None)
        if comma is None:
            return None
        a = comma + 1
    if is_pronoun(tokens, a):
        return (a, a + 1)
    end = a
    if tokens.lowers[end] in ("the", "a", "an"):
        end += 1
    start_names = end
    while end < limit and (tokens.texts[end][:1].isupper() or tokens.lowers[end] in ("'s", "of")
                           or (tokens.texts[end] == "." and abbreviated(tokens, end - 1))):
        end += 1
    while end > start_names and tokens.lowers[end - 1] in ("'s", "of"):
        end -= 1
    return (a, end) if end > start_names else None


def vague_left(tokens: Tokens, k: int, a: int, compiled: Compiled) -> tuple[int, int] | None:
    """A vague source phrase that runs up to the cue, prepositions and all ("people familiar with
    the matter said", "an aide to the president said")."""
    for start in range(max(a, k - MAX_NP), k):
        found = compiled.vague.match_at(tokens.lowers, start, k)
        if found is None:
            continue
        end = found[0]
        rest = range(end, k)
        # What follows the vague phrase must still be its noun phrase ("... to the president").
        if len(rest) <= 4 and all(
                (tokens.texts[m][0].isalnum() or tokens.lowers[m] == "'s")
                and not is_pronoun(tokens, m) and tokens.lowers[m] not in SKIPPABLE
                and (tokens.lowers[m] not in STOP or tokens.lowers[m] in VAGUE_LINKS) for m in rest):
            return (start, k)
    return None


def vague_rule(tokens: Tokens, s: int, e: int, compiled: Compiled, stop: int
                ) -> tuple[str | None, int]:
    """The vague rule that marks a source phrase, and the token where its match ends.

    A vague phrase counts when it starts the source phrase or covers its head ("some experts",
    "people familiar with the matter"), or when it is a longer marker before the cue ("who spoke
    on condition of anonymity").
    """
    for i in range(s, max(e, stop)):
        found = compiled.vague.match_at(tokens.lowers, i, max(e, stop))
        if found is None:
            continue
        j, rule = found
        if ((i == s or j >= e) and i < e) or j - i >= 3:
            return rule.id, j
    return None, e


def can_be_source(tokens: Tokens, np: tuple[int, int], compiled: Compiled) -> bool:
    """A named, determined, plural or vague noun phrase can be a source; "plan" cannot."""
    s, e = np
    if e - s > 1 or any(t[:1].isupper() for t in tokens.texts[s:e]) or proper_or_determined(tokens, s):
        return True
    if tokens.lowers[s] in OBJECT_PRONOUNS:
        return True
    return tokens.lowers[e - 1].endswith("s") or vague_rule(tokens, s, e, compiled, e)[0] is not None


def content_start(tokens: Tokens, j: int, b: int) -> int | None:
    """Where reported content begins after a cue ("said that ...", "said in his message that ...")."""
    start = j
    for k in range(j, min(b, j + 7)):
        if tokens.texts[k] == "," and k + 1 < b and tokens.lowers[k + 1].endswith("ing"):
            break  # "said, adding that ...": the "that" is the next cue's
        if tokens.lowers[k] == "that":
            if all(tokens.texts[m][0].isalnum() or tokens.texts[m] in ("'s", ",")
                   or (tokens.texts[m] == "." and m > j and abbreviated(tokens, m - 1))
                   for m in range(j, k)):  # "said on Jan. 5 that ..."
                j = k
            break
        if tokens.texts[k] in (".", ";", "“", "\"", ":") and not (
                tokens.texts[k] == "." and k > j and abbreviated(tokens, k - 1)):
            break
    k = j
    while k < b and tokens.texts[k] in (",", ":", "that", "—", "–"):
        k += 1
    while k < b and tokens.texts[k] in (".", "!", "?"):
        return None
    if k == start + 1 < b and tokens.texts[start] == "," and tokens.lowers[k].endswith("ing"):
        return None  # "Cruz said, adding that ...": what follows is the next cue's content
    return k if k < b else None


def verb_reading(tokens: Tokens, i: int, j: int, k: int, a: int, b: int,
                  source: tuple[int, int] | None) -> bool:
    """Whether a word that is usually a noun ("states", "report") is used as a reporting verb."""
    if j < b and tokens.lowers[j] in ("that", ":", "“", "\""):
        return True
    if j < b and tokens.lowers[j] in NOUN_FOLLOWERS:
        return False  # "Phone calls to the office went unanswered"
    if j < b and (tokens.texts[j][:1].isupper() or tokens.texts[j][:1].isdigit()
                  or tokens.lowers[j] in DETERMINERS or is_pronoun(tokens, j)):
        return source is not None  # "a poll shows Sanders leading"
    if k < i:
        return True  # after an auxiliary or adverb: "will state", "also reports"
    if source is None:
        return False
    s, e = source
    return (e - s == 1 and (is_pronoun(tokens, s) or tokens.texts[s][:1].isupper())) or (
        tokens.texts[e - 1][:1].isupper())
