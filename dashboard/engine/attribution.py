"""Provides attribution finding (cue, source, content), source resolution and direct quotes."""

from __future__ import annotations

from bisect import bisect_left

from .compiled import Compiled
from .matchers import CueEntry
from .records import Attribution, Quote, Span
from .text import ABBREVIATIONS, SpanSet, Tokens

PRONOUNS = frozenset("he she they we i you it who".split())
DETERMINERS = frozenset(
    "the a an his her their its our my your this these those some many several most few "
    "both all any each every one two three four five six seven eight nine ten".split())
# Words that cannot be inside a source noun phrase: walking left or right stops at them.
STOP = frozenset("""
and or but nor so yet for to in on at by with from into onto about over under after before
during since until while as than because if when where whether though although unless
that which what whom whose how why there here then than also has have had having was were is
are be been being would will could should may might must can did does do not n't never
later previously earlier again recently repeatedly publicly privately reportedly once often
further separately still already just even only now today yesterday tomorrow
monday tuesday wednesday thursday friday saturday sunday
said says say told tells added adds noted notes according per
""".split()) | PRONOUNS
# Between a subject and its verb: "Kim also said", "officials have said", "he later told".
SKIPPABLE = frozenset("""
both also has have had was were is are been would will could should may might must can did does do
later previously earlier again recently repeatedly publicly privately reportedly once often
further separately still already just even then not n't never initially subsequently
""".split())
OPENING_QUOTES = "“\"«„"
CLOSING_QUOTES = {"“": "”", "\"": "\"", "«": "»", "„": "“"}
CLOSING_MARKS = frozenset(CLOSING_QUOTES.values())
MAX_NP = 10
MIN_CONTENT_WORDS = 3
# A cue word right after these is a noun or an adjective: "the reported cases", "in Kim's reply".
NOUN_MARKERS = frozenset("the a an this these those its their his her my our your 's".split())
# Inverted order, "..., said Kim": the verb comes after a comma, a colon or a closing quote.
INVERSION_MARKERS = frozenset(", : ” \" ’ ' — – So so".split())
# Cue forms that are more often nouns ("the states", "his remarks"): a verb only with a subject.
NOUN_LIKE = frozenset("""state states report reports comment comments remark remarks claim claims
post posts tweet tweets answer answers note notes reply replies estimate estimates warn warns
respond responds write writes add adds tell tells ask asks call calls question questions
plan plans view views show shows find finds""".split())
COORDINATORS = frozenset(("and", "but", "then", "yet"))
OBJECT_PRONOUNS = frozenset(("him", "her", "them", "us", "me"))
NUMBER_WORDS = frozenset("the a an one two three four five six seven eight nine ten".split())
NOUN_FOLLOWERS = frozenset("to from of in with at by were are was is have had went".split())
ING_PREPOSITIONS = frozenset(("by", "after", "before", "while", "in", "without", "when"))
RELATIVES = frozenset(("that", "who", "which"))
BE_FORMS = frozenset(("is", "are", "was", "were", "been", "be", "being"))
SCENE_SETTERS = frozenset("in on at after during for with despite since as when while before from "
                          "speaking asked".split())
TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday "
                       "tonight january february march april may june july august september october "
                       "november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
NOT_ADVERBS = frozenset(("family", "ally", "rally", "assembly", "italy", "supply", "reply", "belly",
                         "bully", "jelly", "holly", "sally", "molly", "kelly", "nelly", "billy"))
VAGUE_LINKS = frozenset(("of", "to", "with", "in", "at", "close", "familiar"))
OPENERS = frozenset(("when", "if", "as", "once"))
POST_MODIFIERS = frozenset(("in", "at", "from"))
NAME_CONNECTORS = frozenset(("for", "on", "de", "du", "la", "del", "von", "van", "al"))
TRAILING_NON_NP = frozenset(("of", "'s")) | DETERMINERS


def find_attributions(text: str, tokens: Tokens, sentences: list[Span],
                      sentence_tokens: list[tuple[int, int]], compiled: Compiled,
                      quoted: SpanSet | None = None) -> list[Attribution]:
    """Every attribution in the body sentences, in text order.

    Cues inside closed direct quotes ("I think ..." in a speaker's words) belong to the quoted
    speech, not to the article's sourcing, and are skipped.
    """
    found: list[Attribution] = []
    cue_starts = compiled.cues.candidates(tokens.lowers)
    standalone_starts = compiled.standalone.candidates(tokens.lowers)
    for sentence, (a, b) in zip(sentences, sentence_tokens):
        verb_cues = []
        phrase_cues = []
        headline: bool | None = None  # worked out only for a capitalised cue
        for i, j, entry in compiled.cues.finditer(tokens.lowers, a, b, cue_starts):
            if i > a and tokens.texts[i][0].isupper():
                if headline is None:
                    headline = _is_title_case(tokens, a, b)
                if not headline:
                    continue  # "United States" is not the verb "state"
            if not entry.after and _is_adjective_use(tokens, i, a):
                continue
            if quoted is not None and quoted.covers(tokens.starts[i], tokens.ends[j - 1]):
                continue
            (verb_cues if _is_verb_cue(entry, tokens, i) else phrase_cues).append((i, j, entry))
        cues = verb_cues + [c for c in phrase_cues if c[2].after or not verb_cues]
        # "The ship is said to ...", "It is believed ...": a vague passive replaces the cue inside it.
        standalone = next(iter(compiled.standalone.finditer(tokens.lowers, a, b, standalone_starts)), None)
        if standalone is not None:
            i, j, rule = standalone
            cues = [c for c in cues if c[1] <= i or c[0] >= j]
            if not cues or any(c[0] >= i for c in cues) or i == a:
                found.append(Attribution(
                    cue=Span(tokens.starts[i], tokens.ends[j - 1]), source=None,
                    content=_trim(text, sentence.start, sentence.end), source_id=None,
                    source_kind=None, vague=True, sentence=sentence, cue_rule=rule.id,
                    neutrality="neutral", vague_rule=rule.id))
        previous: Attribution | None = None
        for i, j, entry in sorted(cues, key=lambda c: c[0]):
            attribution = _attribution(text, tokens, sentence, a, b, i, j, entry, compiled, previous)
            if attribution is not None:
                found.append(attribution)
                previous = attribution
    found.sort(key=lambda x: x.cue.start)
    return found


def _is_verb_cue(entry: CueEntry, tokens: Tokens, i: int) -> bool:
    return entry.verb and not entry.after and tokens.lowers[i] not in ("in", "on", "at")


def _is_adjective_use(tokens: Tokens, i: int, a: int) -> bool:
    """ "the reported cases", "a claimed victory": a participle used as an adjective, not a cue."""
    if i == a:
        return False
    return tokens.lowers[i - 1] in NOUN_MARKERS


def _attribution(text: str, tokens: Tokens, sentence: Span, a: int, b: int, i: int, j: int,
                 entry: CueEntry, compiled: Compiled,
                 previous: Attribution | None = None) -> Attribution | None:
    cue = Span(tokens.starts[i], tokens.ends[j - 1])
    source_range: tuple[int, int] | None
    if entry.after:
        source_range = _np_right(tokens, j, b)
        if source_range and not _can_be_source(tokens, source_range, compiled):
            return None  # "according to plan"
        if i > a:
            content = _trim(text, sentence.start, tokens.starts[i])
        elif source_range:
            content = _trim(text, tokens.ends[source_range[1] - 1], sentence.end)
        else:
            content = None
    elif i == a and not entry.verb and j < b and tokens.texts[j] == ",":
        # "In a statement, the ministry rejected ...": the subject after the comma is the source.
        source_range = _np_right(tokens, j + 1, b, subject=True)
        if source_range is None:
            return None
        content = _trim(text, tokens.ends[source_range[1] - 1], sentence.end)
    elif tokens.texts[i] == ":":
        return _colon_attribution(text, tokens, sentence, a, b, i, entry, compiled)
    elif tokens.lowers[i].endswith("ing") and i > a + 1 and (
            tokens.texts[i - 1] == "," or (entry.verb and tokens.lowers[i - 1] in ING_PREPOSITIONS)):
        # "..., saying the plan would fail", "... after hinting that ...", "by citing a poll":
        # the speaker of the clause before is the source, else the sentence subject.
        if previous is not None and previous.source is not None:
            source_range = (_token_at(tokens, previous.source.start), _token_at(tokens, previous.source.end))
        else:
            source_range = _sentence_subject(tokens, a, i - 1)
        rest = _content_start(tokens, j, b)
        content = _trim(text, tokens.starts[rest], sentence.end) if rest is not None else None
        if source_range is None or content is None:
            return None
    elif entry.verb and i > a + 1 and tokens.texts[i - 1] in RELATIVES:
        # "polls that show him leading", "analysts who claim to find ...": the noun before "that".
        source_range = _np_left(tokens, i - 1, a)
        rest = _content_start(tokens, j, b)
        content = _trim(text, tokens.starts[rest], sentence.end) if rest is not None else None
        if source_range is None or content is None or not _has_noun(tokens, source_range):
            return None
    elif entry.verb and (i == a or (i == a + 1 and tokens.lowers[a] in OPENERS)):
        return _opening_cue(text, tokens, sentence, a, b, i, j, entry, compiled)
    else:
        k = i
        while k > a and (tokens.lowers[k - 1] in SKIPPABLE or _is_adverb(tokens, k - 1)):
            k -= 1
        k = _skip_parenthesis(tokens, k, a)
        if (k < i and j == i + 1 and any(tokens.lowers[m] in BE_FORMS for m in range(k, i))
                and tokens.lowers[i].endswith("ed")):
            if j + 1 < b and tokens.lowers[j] == "by":
                # Passive with its agent: "Trump has been criticized by some of his rivals".
                agent = _np_right(tokens, j + 1, b)
                if agent is not None and _has_noun(tokens, agent):
                    content = _trim(text, sentence.start, tokens.starts[k])
                    if content is not None:
                        return _build(text, tokens, sentence, cue, agent, content, entry, compiled)
            # Passive without an agent ("the leaders are expected to seek support"): nobody is
            # named as the source; the subject is what the statement is about.
            content = _trim(text, sentence.start, sentence.end)
            return _build(text, tokens, sentence, cue, None, content, entry, compiled)
        source_range = _vague_left(tokens, k, a, compiled) or _np_left(tokens, k, a)
        if source_range is not None and not _has_noun(tokens, source_range):
            return None  # "30 states", "eight states": a number, not a subject
        if source_range is None and k > a and tokens.texts[k - 1] == ",":
            source_range = _np_before_apposition(tokens, k - 1, a)
        if source_range is None and k > a + 1 and tokens.lowers[k - 1] in COORDINATORS:
            source_range = _sentence_subject(tokens, a, k - 1)
        if tokens.lowers[i] in NOUN_LIKE and not _verb_reading(tokens, i, j, k, a, b, source_range):
            return None  # "the early states", "his remarks": a noun, not a reporting verb
        if source_range is not None:
            rest = _content_start(tokens, j, b)
            if rest is not None and sum(1 for t in tokens.texts[rest:b] if t[0].isalnum()) >= MIN_CONTENT_WORDS:
                content = _trim(text, tokens.starts[rest], sentence.end)
            else:
                content = _trim(text, sentence.start, tokens.starts[source_range[0]])
        elif k > a and tokens.texts[k - 1] in INVERSION_MARKERS:
            source_range = _np_right(tokens, j, b)
            if source_range and not (_proper_or_determined(tokens, source_range[0])
                                     and _ends_clause(tokens, source_range[1], b)):
                source_range = None  # ", said the risk was low" is not an inverted subject
            content = _trim(text, sentence.start, tokens.starts[i])
        else:
            content = None
        if content is None:
            return None  # "The storm claimed three lives": a verb with no reported statement
    return _build(text, tokens, sentence, cue, source_range, content, entry, compiled)


def _is_title_case(tokens: Tokens, a: int, b: int) -> bool:
    """A headline in title case ("Bellwether County Says Trump Should Win"): capitals mean nothing."""
    words = [t for t in tokens.texts[a:b] if t[0].isalpha() and len(t) > 3]
    return len(words) >= 3 and sum(1 for t in words if t[0].isupper()) >= 0.8 * len(words)


def _opening_cue(text: str, tokens: Tokens, sentence: Span, a: int, b: int, i: int, j: int,
                 entry: CueEntry, compiled: Compiled) -> Attribution | None:
    """A cue opening the sentence: "Said Dorothy Poynter, who ...", "Asked if he would run, ...".

    An inverted name after the cue is the source; otherwise the source is left open and the
    clause up to the next comma is the reported content.
    """
    cue = Span(tokens.starts[i], tokens.ends[j - 1])
    source_range = _np_right(tokens, j, b, subject=True)
    if source_range and tokens.texts[source_range[0]][:1].isupper() and _ends_clause(tokens, source_range[1], b):
        content = _trim(text, tokens.ends[source_range[1] - 1], sentence.end)
        return _build(text, tokens, sentence, cue, source_range, content, entry, compiled)
    if not tokens.lowers[i].endswith("ed") and tokens.lowers[i] not in ("told", "said"):
        return None
    end = next((m for m in range(j, b) if tokens.texts[m] == ","), b)
    if sum(1 for t in tokens.texts[j:end] if t[0].isalnum()) < 2:
        return None
    content = _trim(text, tokens.starts[j], tokens.starts[end] if end < b else sentence.end)
    return _build(text, tokens, sentence, cue, None, content, entry, compiled)


def _skip_parenthesis(tokens: Tokens, k: int, a: int) -> int:
    """ "Sen. Elizabeth Warren (D-MA) said": the subject is before the parenthesis."""
    if k > a and tokens.texts[k - 1] == ")":
        for m in range(k - 2, max(a, k - 10) - 1, -1):
            if tokens.texts[m] == "(":
                return m
    return k


def _colon_attribution(text: str, tokens: Tokens, sentence: Span, a: int, b: int, i: int,
                       entry: CueEntry, compiled: Compiled) -> Attribution | None:
    """ "The president put it bluntly: “We will ...”": a colon before a quote, a speaker before it."""
    if i + 1 >= b:
        return None
    if tokens.texts[i + 1] not in OPENING_QUOTES:
        # "Graham: Trump's rhetoric is destroying the party": a short name opening the sentence.
        words_after = sum(1 for t in tokens.texts[i + 1:b] if t[0].isalnum())
        if not (0 < i - a <= 6 and words_after >= 3 and tokens.texts[a][:1].isupper()
                and all(t[:1].isupper() or not t[0].isalnum() or t in ("of", "the", "'s", "’s")
                        for t in tokens.texts[a:i])):
            return None
        cue = Span(tokens.starts[i], tokens.ends[i])
        content = _trim(text, tokens.starts[i + 1], sentence.end)
        return _build(text, tokens, sentence, cue, (a, i), content, entry, compiled)
    source_range = _np_left(tokens, i, a)
    if source_range is None or not _proper_or_determined(tokens, source_range[0]):
        source_range = _sentence_subject(tokens, a, i)
    if source_range is None or not _proper_or_determined(tokens, source_range[0]):
        return None
    cue = Span(tokens.starts[i], tokens.ends[i])
    content = _trim(text, tokens.starts[i + 1], sentence.end)
    return _build(text, tokens, sentence, cue, source_range, content, entry, compiled)


def _build(text: str, tokens: Tokens, sentence: Span, cue: Span, source_range: tuple[int, int] | None,
           content: Span | None, entry: CueEntry, compiled: Compiled) -> Attribution | None:
    source = None
    source_id = source_kind = vague_rule = None
    if source_range is not None:
        s, e = source_range
        source = Span(tokens.starts[s], tokens.ends[e - 1])
        rule = None
        if not (e - s == 1 and tokens.lowers[s] in PRONOUNS):
            rule = compiled.sources.resolve(text[source.start:source.end], tokens.texts[s:e],
                                            tokens.lowers[s:e])
        if rule is not None:
            source_id, source_kind = rule.id, rule.source_kind
        else:
            cue_at = _token_at(tokens, cue.start)
            stop = cue_at if cue_at > s else _token_at(tokens, sentence.end)
            vague_rule, reach = _vague_rule(tokens, s, e, compiled, stop)
            if reach > e and cue_at < s:
                # "according to people familiar with the matter": the vague phrase is the source.
                source = Span(source.start, tokens.ends[reach - 1])
    elif entry.after:
        return None
    return Attribution(cue=cue, source=source, content=content, source_id=source_id,
                       source_kind=source_kind, vague=vague_rule is not None, sentence=sentence,
                       cue_rule=entry.rule.id, neutrality=entry.rule.neutrality,
                       vague_rule=vague_rule)


def _vague_rule(tokens: Tokens, s: int, e: int, compiled: Compiled, stop: int
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


def _token_at(tokens: Tokens, offset: int) -> int:
    return bisect_left(tokens.starts, offset)


def _inside_name(tokens: Tokens, i: int, a: int, k: int) -> bool:
    """ "Institute for the Study of War": a lowercase connector between capitalised words."""
    after = i + 1
    if after < k and tokens.lowers[after] in DETERMINERS:
        after += 1
    return (i - 1 >= a and tokens.texts[i - 1][:1].isupper()
            and after < k and tokens.texts[after][:1].isupper())


def _sentence_subject(tokens: Tokens, a: int, limit: int) -> tuple[int, int] | None:
    """The subject opening the sentence, for "Graham called Trump crazy and said ...": a pronoun,
    or a run of capitalised words (with "the", "of", possessives)."""
    if tokens.lowers[a] in SCENE_SETTERS or (tokens.texts[a].isupper() and len(tokens.texts[a]) > 2):
        # "In a letter released Monday, Sanders ...", "PARIS, Aug 31 (Reuters) - Le Pen ...":
        # the subject follows the opening phrase.
        comma = next((m for m in range(a, limit) if tokens.texts[m] in (",", "-", "—", "–")
                      and m + 1 < limit and (tokens.texts[m + 1][:1].isupper() or _is_pronoun(tokens, m + 1))), None)
        if comma is None:
            return None
        a = comma + 1
    if _is_pronoun(tokens, a):
        return (a, a + 1)
    end = a
    if tokens.lowers[end] in ("the", "a", "an"):
        end += 1
    start_names = end
    while end < limit and (tokens.texts[end][:1].isupper() or tokens.lowers[end] in ("'s", "of")
                           or (tokens.texts[end] == "." and "." in tokens.texts[end - 1])):
        end += 1
    while end > start_names and tokens.lowers[end - 1] in ("'s", "of"):
        end -= 1
    return (a, end) if end > start_names else None


def _has_noun(tokens: Tokens, np: tuple[int, int]) -> bool:
    """Not only numbers, articles and dates ("30 states", "on Tuesday showed"); "some" and "many"
    can stand for people."""
    return any(not (low in NUMBER_WORDS or low in TIME_WORDS or low.isdigit())
               for low in tokens.lowers[np[0]:np[1]])


def _is_adverb(tokens: Tokens, i: int) -> bool:
    """ "he infamously referred to", "they boldly reminded": an -ly adverb between subject and verb."""
    low = tokens.lowers[i]
    return len(low) > 4 and low.endswith("ly") and tokens.texts[i][0].islower() and low not in NOT_ADVERBS


def _verb_reading(tokens: Tokens, i: int, j: int, k: int, a: int, b: int,
                  source: tuple[int, int] | None) -> bool:
    """Whether a word that is usually a noun ("states", "report") is used as a reporting verb."""
    if j < b and tokens.lowers[j] in ("that", ":", "“", "\""):
        return True
    if j < b and tokens.lowers[j] in NOUN_FOLLOWERS:
        return False  # "Phone calls to the office went unanswered"
    if j < b and (tokens.texts[j][:1].isupper() or tokens.texts[j][:1].isdigit()
                  or tokens.lowers[j] in DETERMINERS or _is_pronoun(tokens, j)):
        return source is not None  # "a poll shows Sanders leading"
    if k < i:
        return True  # after an auxiliary or adverb: "will state", "also reports"
    if source is None:
        return False
    s, e = source
    return (e - s == 1 and (_is_pronoun(tokens, s) or tokens.texts[s][:1].isupper())) or (
        tokens.texts[e - 1][:1].isupper())


def _is_pronoun(tokens: Tokens, i: int) -> bool:
    """ "he", "they", "who" -- but not "WHO" (the World Health Organization)."""
    return tokens.lowers[i] in PRONOUNS and not (tokens.texts[i].isupper() and len(tokens.texts[i]) > 1)


def _is_name_word(tokens: Tokens, i: int, sentence_start: int) -> bool:
    """A capitalised function word inside a sentence is part of a name ("USA Today", "WHO")."""
    word = tokens.texts[i]
    return i > sentence_start and word[0].isupper() and word != "I"


def _can_be_source(tokens: Tokens, np: tuple[int, int], compiled: Compiled) -> bool:
    """A named, determined, plural or vague noun phrase can be a source; "plan" cannot."""
    s, e = np
    if e - s > 1 or any(t[:1].isupper() for t in tokens.texts[s:e]) or _proper_or_determined(tokens, s):
        return True
    if tokens.lowers[s] in OBJECT_PRONOUNS:
        return True
    return tokens.lowers[e - 1].endswith("s") or _vague_rule(tokens, s, e, compiled, e)[0] is not None


def _proper_or_determined(tokens: Tokens, i: int) -> bool:
    word = tokens.texts[i]
    return word[0].isupper() or tokens.lowers[i] in DETERMINERS or tokens.lowers[i] in PRONOUNS


def _content_start(tokens: Tokens, j: int, b: int) -> int | None:
    """Where reported content begins after a cue ("said that ...", "said in his message that ...")."""
    for k in range(j, min(b, j + 7)):
        if tokens.lowers[k] == "that":
            if all(tokens.texts[m][0].isalnum() or tokens.texts[m] in ("'s", ",")
                   for m in range(j, k)):
                j = k
            break
        if tokens.texts[k] in (".", ";", "“", "\"", ":"):
            break
    k = j
    while k < b and tokens.texts[k] in (",", ":", "that", "—", "–"):
        k += 1
    while k < b and tokens.texts[k] in (".", "!", "?"):
        return None
    return k if k < b else None


def _np_left(tokens: Tokens, k: int, a: int) -> tuple[int, int] | None:
    """The noun phrase ending just before token `k` ("the state-run Korean Central News Agency")."""
    if k <= a:
        return None
    if _is_pronoun(tokens, k - 1):
        return (k - 1, k)
    start = k
    while start > a and k - start < MAX_NP:
        word = tokens.texts[start - 1]
        low = tokens.lowers[start - 1]
        if low in ("'s",) and start - 1 > a:
            start -= 1
            continue
        if word == "." and start - 1 > a and ("." in tokens.texts[start - 2]
                                             or tokens.lowers[start - 2] in ABBREVIATIONS):
            start -= 1  # "U.S." and "Sen." are words split as "U.S" + "."
            continue
        if low in DETERMINERS:
            start -= 1
            before = tokens.lowers[start - 1] if start - 1 > a else ""
            if before == "of" or (before in NAME_CONNECTORS and tokens.texts[start - 2][:1].isupper()) \
                    or (before in POST_MODIFIERS and start - 2 >= a and _modified_noun(tokens, start - 2)):
                continue  # "the International Committee of the Red Cross"
            break
        if low in POST_MODIFIERS and start < k and start - 2 >= a and _modified_noun(tokens, start - 2):
            start -= 1
            continue
        if low in ("of", "and") or (low in NAME_CONNECTORS and _inside_name(tokens, start - 1, a, k)):
            if start == k:
                break
            start -= 1
            continue
        if not word[0].isalnum() or (low in STOP and not _is_name_word(tokens, start - 1, a)):
            break
        start -= 1
    while start < k and tokens.lowers[start] in ("of", "and", "'s"):
        start += 1
    if start >= k:
        return None
    return (start, k)


def _np_right(tokens: Tokens, j: int, b: int, subject: bool = False) -> tuple[int, int] | None:
    """The noun phrase starting at token `j` ("according to China's official Xinhua News Agency")."""
    if j >= b:
        return None
    if _is_pronoun(tokens, j) or (tokens.lowers[j] in OBJECT_PRONOUNS
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
        if low == "'s" or (word == "." and end > j and "." in tokens.texts[end - 1]
                           and end + 1 < b and tokens.texts[end + 1][:1].isalnum()):
            in_name = low != "'s"
            end += 1
            continue
        if low == "of" and end > j:
            in_name = False
            end += 1
            continue
        if not word[0].isalnum() or low in DETERMINERS or (low in STOP and not _is_name_word(tokens, end, j)):
            break
        if word[0].isupper():
            in_name = True
        elif subject and in_name and not word[0].isdigit():
            break
        end += 1
    while end > j and tokens.lowers[end - 1] in TRAILING_NON_NP:
        end -= 1
    return (j, end) if end > j else None


def _modified_noun(tokens: Tokens, i: int) -> bool:
    """ "officials" in "officials in Zurich", "Experts" in "Experts from the WHO": a plural noun or
    a name before a prepositional phrase that belongs to the source."""
    word = tokens.texts[i]
    low = tokens.lowers[i]
    if low in STOP or not word[0].isalnum():
        return False
    return word[0].isupper() or (low.endswith("s") and not low.endswith("ss"))


def _ends_clause(tokens: Tokens, end: int, b: int) -> bool:
    return end >= b or not tokens.texts[end][0].isalnum()


def _vague_left(tokens: Tokens, k: int, a: int, compiled: Compiled) -> tuple[int, int] | None:
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
                and not _is_pronoun(tokens, m) and tokens.lowers[m] not in SKIPPABLE
                and (tokens.lowers[m] not in STOP or tokens.lowers[m] in VAGUE_LINKS) for m in rest):
            return (start, k)
    return None


def _np_before_apposition(tokens: Tokens, comma: int, a: int) -> tuple[int, int] | None:
    """ "Kim, the North Korean leader, said": the phrase before the opening comma of the apposition."""
    k = comma - 1
    limit = max(a, comma - 15)
    while k > limit and tokens.texts[k] != ",":
        if tokens.texts[k] in ("”", "\"", ".", ";"):
            return None
        k -= 1
    if k <= a or tokens.texts[k] != ",":
        return None
    found = _np_left(tokens, k, a)
    if found and any(t[:1].isupper() for t in tokens.texts[found[0]:found[1]]):
        return found
    return None


def _trim(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding spaces and punctuation that only separates clauses."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return Span(start, end) if end > start else None


def find_quotes(text: str, paragraphs: list[Span]) -> list[Span]:
    """Direct quotations in body paragraphs; a quote left open runs to the end of its paragraph."""
    quotes: list[Span] = []
    for para in paragraphs:
        pos = para.start
        while pos < para.end:
            open_at = _next_open(text, pos, para.end)
            if open_at < 0:
                break
            closer = CLOSING_QUOTES[text[open_at]]
            close_at = text.find(closer, open_at + 1, para.end)
            if close_at < 0:
                end = para.end
            else:
                end = close_at + 1
            if any(c.isalnum() for c in text[open_at:end]):
                quotes.append(Span(open_at, end))
            pos = end
    return quotes


def _next_open(text: str, pos: int, end: int) -> int:
    best = -1
    for mark in OPENING_QUOTES:
        at = text.find(mark, pos, end)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return best


def assign_speakers(quotes: list[Span], attributions: list[Attribution],
                    sentences: list[Span]) -> list[Quote]:
    """A speaker for each quote: an attribution in its sentences, else the one before or after."""
    starts = [s.start for s in sentences]
    by_sentence: dict[int, Attribution] = {}
    for attribution in attributions:
        if attribution.source is not None:
            index = bisect_left(starts, attribution.sentence.start)
            by_sentence.setdefault(index, attribution)
    out = []
    for quote in quotes:
        first = max(0, bisect_left(starts, quote.start + 1) - 1)
        last = max(0, bisect_left(starts, quote.end) - 1)
        chosen = None
        for index in list(range(first, last + 1)) + [first - 1, last + 1]:
            found = by_sentence.get(index)
            if found is not None and index >= 0:
                chosen = found
                break
        out.append(Quote(quote, chosen.source if chosen else None,
                         chosen.source_id if chosen else None))
    return out
