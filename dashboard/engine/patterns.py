"""Provides the attribution patterns: small named functions, tried in order on each cue of a
sentence, each of which either finds the attribution the cue makes (or decides it makes none) or
says NOT_MINE and leaves the cue to the next pattern.

Every attribution records the pattern that found it (Attribution.pattern), so that `biasdash eval
attribution` can rank the patterns by precision; every pattern carries examples, sentences it must
find with the source text it must find in them (tests/unit/test_patterns.py runs them).
"""

from __future__ import annotations

from .nounphrases import (
    can_be_source,
    content_start,
    ends_clause,
    has_noun,
    np_before_apposition,
    np_left,
    np_right,
    proper_or_determined,
    sentence_subject,
    token_at,
    trim,
    verb_reading,
)
from .patternbase import NOT_MINE, Cue, Pattern, Sentence, pattern
from .quotes import OPENING_QUOTES
from .records import Attribution, Span
from .wordlists import (
    BE_FORMS,
    COORDINATORS,
    DETERMINERS,
    ING_PREPOSITIONS,
    INVERSION_MARKERS,
    IRREGULAR_PAST,
    NOUN_LIKE,
    OPENERS,
    PLURAL_NOUNS,
    RELATIVES,
    SAY_FORMS,
    SOURCE_CONTINUATIONS,
    SUBORDINATORS,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from .kinds.vague import VagueRule
    from .patternbase import Result, SourceRange
    from .text import Tokens

__all__ = ["NOT_MINE", "PATTERNS", "STANDALONE", "STANDALONE_EXAMPLES", "Cue", "Pattern", "Sentence",
           "attribute", "standalone_vague"]

MIN_CONTENT_WORDS = 3
QUOTE_CLOSES = frozenset(("”", "\"", "'"))  # "''" is two "'" tokens
STANDALONE = "standalone_vague"  # the pattern of "reportedly", "it is believed": no cue, no source
# Sentences the standalone vague pattern must find (with the default rules), and their source.
STANDALONE_EXAMPLES: tuple[tuple[str, str | None], ...] = (
    ("The ship is said to be carrying weapons.", None),
)


def attribute(cue: Cue) -> Attribution | None:
    """The attribution of a cue by the first pattern that takes it, or None."""
    for p in PATTERNS:
        cue.pattern = p.name
        result = p.find(cue)
        if result is not NOT_MINE:
            return result
    return None


def standalone_vague(sentence: Sentence, i: int, j: int, rule: VagueRule) -> Attribution:
    """ "The ship is said to ...", "It is believed ...": a vague passive with no source; the
    content is the whole sentence."""
    t, span = sentence.tokens, sentence.span
    return Attribution(cue=Span(t.starts[i], t.ends[j - 1]), source=None,
                       content=trim(sentence.text, span.start, span.end), source_id=None,
                       source_kind=None, vague=True, sentence=span, cue_rule=rule.id,
                       neutrality="neutral", vague_rule=rule.id, pattern=STANDALONE)


# -- the patterns, in the order they are tried ------------------------------------------------


@pattern("according_to", ("The treaty is strong, according to Kim Jong Un.", "Kim Jong Un"),
         ("According to the ministry, the talks failed.", "the ministry"))
def according_to(c: Cue) -> Result:
    """A cue with its source after it ("according to X"): the content is before the cue, or
    after the source when the cue opens the sentence."""
    if not c.entry.after:
        return NOT_MINE
    t = c.tokens
    source = np_right(t, c.j, c.b)
    if source and not can_be_source(t, source, c.compiled):
        return None  # "according to plan"
    if c.i > c.a:
        content = c.trim(c.span.start, t.starts[c.i])
    elif source:
        content = c.trim(t.ends[source[1] - 1], c.span.end)
    else:
        content = None
    return c.build(source, content)


@pattern("scene_then_subject", ("In a statement, the ministry's spokesman Li Wei laid out the new rules.",
                                 "the ministry's spokesman Li Wei"))
def scene_then_subject(c: Cue) -> Result:
    """ "In a statement, the ministry rejected ...": the subject after the comma is the source."""
    t = c.tokens
    if not (c.i == c.a and not c.entry.verb and c.j < c.b and t.texts[c.j] == ","):
        return NOT_MINE
    source = np_right(t, c.j + 1, c.b, subject=True)
    if source is None:
        return None
    return c.build(source, c.trim(t.ends[source[1] - 1], c.span.end))


@pattern("colon_quote", ("Senator Graham was blunt: “We will not negotiate with terrorists.”", "Senator Graham"))
def colon_quote(c: Cue) -> Result:
    """ "The president put it bluntly: “We will ...”": a colon before a quote, a speaker before it."""
    t = c.tokens
    if t.texts[c.i] != ":":
        return NOT_MINE
    if c.i + 1 >= c.b:
        return None
    if t.texts[c.i + 1] not in OPENING_QUOTES:
        return NOT_MINE
    source = np_left(t, c.i, c.a)
    if source is None or not proper_or_determined(t, source[0]):
        source = sentence_subject(t, c.a, c.i)
    if source is None or not proper_or_determined(t, source[0]):
        return None
    cue = Span(t.starts[c.i], t.ends[c.i])
    return c.build(source, c.trim(t.starts[c.i + 1], c.span.end), cue)


@pattern("name_colon", ("Graham: Trump's rhetoric is destroying the party.", "Graham"))
def name_colon(c: Cue) -> Result:
    """ "Graham: Trump's rhetoric is destroying the party": a short name opening the sentence."""
    t, a, i = c.tokens, c.a, c.i
    if t.texts[i] != ":" or i + 1 >= c.b:
        return NOT_MINE
    words_after = sum(1 for w in t.texts[i + 1:c.b] if w[0].isalnum())
    if not (0 < i - a <= 6 and words_after >= 3 and t.texts[a][:1].isupper()
            and all(w[:1].isupper() or not w[0].isalnum() or w in ("of", "the", "'s", "’s")
                    for w in t.texts[a:i])):
        return None
    cue = Span(t.starts[i], t.ends[i])
    return c.build((a, i), c.trim(t.starts[i + 1], c.span.end), cue)


@pattern("participle_clause", ("Kim rejected the offer, saying the talks were over.", "Kim"),
         ("Kim said the plan was dead, adding that the talks would go on.", "Kim"))
def participle_clause(c: Cue) -> Result:
    """ "..., saying the plan would fail", "... after hinting that ...", "by citing a poll": the
    speaker of the clause before is the source, else the sentence subject."""
    t, a, i = c.tokens, c.a, c.i
    if not (t.lowers[i].endswith("ing") and i > a + 1 and (
            t.texts[i - 1] == "," or (c.entry.verb and t.lowers[i - 1] in ING_PREPOSITIONS))):
        return NOT_MINE
    previous = c.previous
    source: SourceRange
    if previous is not None and previous.source is not None:
        source = (token_at(t, previous.source.start), token_at(t, previous.source.end))
    else:
        source = sentence_subject(t, a, i - 1)
    rest = content_start(t, c.j, c.b)
    content = c.trim(t.starts[rest], c.span.end) if rest is not None else None
    if source is None or content is None:
        return None
    return c.build(source, content)


@pattern("relative_clause", ("There are analysts who claim that the deal is dead.", "analysts who"),
         ("Jim Jordan, who said the bill would fail, left early.", "Jim Jordan, who"))
def relative_clause(c: Cue) -> Result:
    """ "polls that show him leading", "analysts who claim to find ...", "Jordan, who said ...":
    the noun before the relative pronoun, which is the verb's subject; the source's span runs on
    to take it in ("analysts who"), as annotators mark it."""
    t, i = c.tokens, c.i
    if not (c.entry.verb and i > c.a + 1 and t.texts[i - 1] in RELATIVES):
        return NOT_MINE
    relative = i - 1
    end = relative - 1 if t.texts[relative - 1] == "," and t.lowers[relative] != "that" else relative
    source = np_left(t, end, c.a)
    if t.lowers[relative] == "that" and source is not None and not _agrees(t, i, source[1] - 1):
        return None  # "keep that promise", "his contention that identifying ...": not a relative clause
    rest = content_start(t, c.j, c.b)
    content = c.trim(t.starts[rest], c.span.end) if rest is not None else None
    if source is None or content is None or not has_noun(t, source):
        return None
    return c.build(source, content, through=i)


@pattern("when_asked", ("Trump said he would win when asked by reporters about the polls.", "reporters"),
         ("The senator only smiled when asked whether he would run.", None))
def when_asked(c: Cue) -> Result:
    """ "..., he said when asked about the wall", "... after being told of the vote": a passive
    participle after "when", "if", "after" inside the sentence: the asker is named only by "by X";
    the content is the question, up to the next comma."""
    t, i, j, b = c.tokens, c.i, c.j, c.b
    k = i - 1 if t.lowers[i - 1] == "being" else i
    if not (c.entry.verb and k > c.a + 1 and t.lowers[k - 1] in SUBORDINATORS
            and (t.lowers[i].endswith("ed") or t.lowers[i] == "told")):
        return NOT_MINE
    source = None
    if j + 1 < b and t.lowers[j] == "by":
        source = np_right(t, j + 1, b)
        j = source[1] if source else j
    end = next((m for m in range(j, b) if t.texts[m] in (",", ";")), b)
    content = c.trim(t.starts[j], t.starts[end] if end < b else c.span.end) if j < end else None
    return c.build(source, content)


def _agrees(t: Tokens, verb: int, noun: int) -> bool:
    """Whether a verb after "that" can be the verb of a relative clause on `noun`: a tense form
    ("polls that showed", "a poll that shows"), or a plain form after a plural ("polls that
    show"); "keep that promise" and "argued that identifying ..." are not relative clauses."""
    low = t.lowers[verb]
    if low.endswith("ing"):
        return False
    if low.endswith(("s", "ed")) or low in IRREGULAR_PAST:
        return True
    head = t.lowers[noun]
    return (head.endswith("s") and not head.endswith("ss")) or head in PLURAL_NOUNS


def _opens(c: Cue) -> bool:
    """A verb cue opening the sentence, or after "when", "if", "as", "once"."""
    return c.entry.verb and (c.i == c.a or (c.i == c.a + 1 and c.tokens.lowers[c.a] in OPENERS))


@pattern("opening_inverted", ("Said Dorothy Poynter, who runs the shop: “We are not closing.”",
                              "Dorothy Poynter"))
def opening_inverted(c: Cue) -> Result:
    """A cue opening the sentence with a name after it: "Said Dorothy Poynter, who ...". Only a
    verb in the past ("Said", "Continued"): "Asked about Trump, ..." and "Pointing to X, ..." name
    the topic after the cue, not the speaker."""
    if not _opens(c):
        return NOT_MINE
    low = c.tokens.lowers[c.i]
    if c.j != c.i + 1 or low == "asked" or not (low.endswith("ed") or low in IRREGULAR_PAST):
        return NOT_MINE
    t = c.tokens
    source = np_right(t, c.j, c.b, subject=True)
    if source and t.texts[source[0]][:1].isupper() and ends_clause(t, source[1], c.b):
        return c.build(source, c.trim(t.ends[source[1] - 1], c.span.end))
    return NOT_MINE


@pattern("opening_clause", ("Asked if he would run again, the senator only smiled.", None))
def opening_clause(c: Cue) -> Result:
    """ "Asked if he would run, ...": no source named; the clause up to the comma is the content."""
    if not _opens(c):
        return NOT_MINE
    t, j, b = c.tokens, c.j, c.b
    if not t.lowers[c.i].endswith("ed") and t.lowers[c.i] not in ("told", "said"):
        return None
    end = next((m for m in range(j, b) if t.texts[m] == ","), b)
    if sum(1 for w in t.texts[j:end] if w[0].isalnum()) < 2:
        return None
    return c.build(None, c.trim(t.starts[j], t.starts[end] if end < b else c.span.end))


def _passive(c: Cue) -> bool:
    """ "is expected", "has been criticized": a participle after a form of "be"."""
    t, i, k = c.tokens, c.i, c.subject_end()
    return (k < i and c.j == i + 1 and any(t.lowers[m] in BE_FORMS for m in range(k, i))
            and t.lowers[i].endswith("ed"))


@pattern("passive_agent", ("The plan was criticized by several senior officials.", "several senior officials"))
def passive_agent(c: Cue) -> Result:
    """A passive with its agent: "Trump has been criticized by some of his rivals"."""
    t, j, b = c.tokens, c.j, c.b
    if not (_passive(c) and j + 1 < b and t.lowers[j] == "by"):
        return NOT_MINE
    agent = np_right(t, j + 1, b)
    if agent is None or not has_noun(t, agent):
        return NOT_MINE
    content = c.trim(c.span.start, t.starts[c.subject_end()])
    return NOT_MINE if content is None else c.build(agent, content)


@pattern("passive", ("The leaders are expected to seek support.", None))
def passive(c: Cue) -> Result:
    """A passive without an agent ("the leaders are expected to seek support"): nobody is named
    as the source; the subject is what the statement is about."""
    if not _passive(c):
        return NOT_MINE
    return c.build(None, c.trim(c.span.start, c.span.end))


def _after_quote(t: Tokens, s: int, a: int) -> bool:
    """Whether the source at token `s` follows the close of a quote ("“We will win,” Cruz said"):
    then the quote is what was said, whatever follows the verb ("in an interview with CNN")."""
    k = s - 1
    if k > a and t.texts[k] == ",":
        k -= 1
    return k > a and t.texts[k] in QUOTE_CLOSES


def _with_subject(c: Cue, source: tuple[int, int]) -> Attribution | None:
    """A source before the cue: the content is what follows the cue when it has a few words,
    else what comes before the source ("The talks will resume, Kim said")."""
    t, j, b = c.tokens, c.j, c.b
    if t.lowers[c.i] in NOUN_LIKE and not verb_reading(t, c.i, j, c.subject_end(), c.a, b, source):
        return None  # "the early states", "his remarks": a noun, not a reporting verb
    rest = content_start(t, j, b)
    if _after_quote(t, source[0], c.a):
        content = c.trim(c.span.start, t.starts[source[0]])  # "“...,” Clinton said in a speech"
    elif rest is not None and sum(1 for w in t.texts[rest:b] if w[0].isalnum()) >= MIN_CONTENT_WORDS:
        content = c.trim(t.starts[rest], c.span.end)
    else:
        content = c.trim(c.span.start, t.starts[source[0]])
        if content is None and j + 1 < b and t.texts[j] == "," and t.lowers[j + 1].endswith("ing"):
            return c.build(source, None)  # "Cruz said, adding that ...": the content is the next cue's
    return None if content is None else c.build(source, content)


# Before a "subject" that is really the end of a relative clause ("who asked not to be named said").
PARTICIPLE_BE = frozenset(("be", "been", "being"))


@pattern("subject_verb", ("Kim Jong Un said the treaty was strong.", "Kim Jong Un"),
         ("The talks will resume, the state-run Korean Central News Agency said.",
          "the state-run Korean Central News Agency"),
         ("Some experts say the talks will resume.", "Some experts"))
def subject_verb(c: Cue) -> Result:
    """ "X said ...", "..., X said": the noun phrase (or vague phrase) before the verb."""
    source = c.left()
    t = c.tokens
    k = c.subject_end()
    if source is None and k - 1 > c.a and t.texts[k - 1] in ("%", "percent") and t.texts[k - 2][:1].isdigit():
        source = (k - 2, k)  # "42% say they are liberal"
    if source is None:
        return NOT_MINE
    if not has_noun(t, source) and not (t.lowers[c.i] in SAY_FORMS and _clause_follows(t, c.j, c.b)):
        return None  # "30 states", "eight states": a number, not a subject; but "21,000 said they would"
    s = source[0]
    if s - 1 > c.a and t.lowers[s - 1] in PARTICIPLE_BE and source[1] - s == 1 and t.lowers[s].endswith(("ed", "en")):
        # "A diplomat who asked not to be named said ...": "named" ends a relative clause and is
        # no subject; the source is the noun phrase the clause is about, with the clause.
        rel = next((k for k in range(s - 2, c.a, -1) if t.lowers[k] in RELATIVES or t.lowers[k] == "whose"), None)
        speaker = np_left(t, rel, c.a) if rel is not None else None
        if speaker is not None and has_noun(t, speaker):
            source = (speaker[0], source[1])
            s = source[0]
    if t.lowers[c.i].endswith("ing") and s - 1 > c.a and t.lowers[s] in DETERMINERS \
            and t.lowers[s - 1].endswith("ed") and t.texts[s - 1][:1].islower():
        # "both men issued a statement calling for ...": the statement is the verb's object; its
        # makers are the subject of that verb.
        maker = np_left(t, s - 1, c.a)
        if maker is not None and has_noun(t, maker):
            source = maker
    return _with_subject(c, source)


def _clause_follows(t: Tokens, j: int, b: int) -> bool:
    """A reported clause after the verb: "said they would", "say that", "said the party was"."""
    return j < b and (t.lowers[j] in ("that", "they", "he", "she", "it", "we", "i", "the", "there")
                      or t.texts[j] in (",", ":"))


@pattern("apposition", ("John Smith, a spokesman for the ministry, said the talks would resume.", "John Smith"))
def apposition(c: Cue) -> Result:
    """ "Kim, the North Korean leader, said": the name before the apposition."""
    k = c.subject_end()
    if c.left() is not None or not (k > c.a and c.tokens.texts[k - 1] == ","):
        return NOT_MINE
    source = np_before_apposition(c.tokens, k - 1, c.a)
    return NOT_MINE if source is None else _with_subject(c, source)


@pattern("coordinated_subject", ("Graham called Trump crazy and said the party would lose.", "Graham"))
def coordinated_subject(c: Cue) -> Result:
    """ "Graham called Trump crazy and said ...": the subject of the sentence before "and"."""
    k = c.subject_end()
    if c.left() is not None or not (k > c.a + 1 and c.tokens.lowers[k - 1] in COORDINATORS):
        return NOT_MINE
    source = sentence_subject(c.tokens, c.a, k - 1)
    return NOT_MINE if source is None else _with_subject(c, source)


@pattern("inverted", ("“The treaty is strong,” said Kim.", "Kim"),
         ("The talks will resume, said the minister.", "the minister"))
def inverted(c: Cue) -> Result:
    """ "..., said Kim", "“...,” said the minister": the verb after a comma or a closing quote, the
    source after the verb; with none there, the statement is still reported, by no one named."""
    t, i, j, b, k = c.tokens, c.i, c.j, c.b, c.subject_end()
    if c.left() is not None:
        return NOT_MINE
    if t.lowers[i] in NOUN_LIKE and not verb_reading(t, i, j, k, c.a, b, None):
        return None
    if not (k > c.a and t.texts[k - 1] in INVERSION_MARKERS):
        return None  # "The storm claimed three lives": a verb with no reported statement
    source = np_right(t, j, b)
    if source and not (proper_or_determined(t, source[0]) and (
            ends_clause(t, source[1], b) or t.lowers[source[1]] in SOURCE_CONTINUATIONS)):
        source = None  # ", said the risk was low" is not an inverted subject
    if source is None and t.texts[k - 1] in (",", "—", "–") and _reports_after(t, j, b):
        # "Jason Furman, who leads the council, said that ...": a long subject, then the verb and
        # its content; the subject is the name opening the sentence.
        rest = content_start(t, j, b)
        subject = sentence_subject(t, c.a, k - 1)
        if subject is not None and subject[1] < k and t.texts[subject[1]] in (",", "(", "—", "–"):
            source = subject
        content = c.trim(t.starts[rest], c.span.end) if rest is not None else None
        return None if content is None else c.build(source, content)
    content = c.trim(c.span.start, t.starts[i])
    return None if content is None else c.build(source, content)


def _reports_after(t: Tokens, j: int, b: int) -> bool:
    """A content clause after the verb: "said that ...", "said: “...", "said in an interview that"."""
    if j >= b:
        return False
    if t.lowers[j] in ("that", ":") or (t.texts[j] == "," and j + 1 < b and t.texts[j + 1] in OPENING_QUOTES):
        return True
    return any(t.lowers[m] == "that" for m in range(j, min(b, j + 7))) and t.lowers[j] in ("in", "on", "at", "during")


PATTERNS: tuple[Pattern, ...] = (
    according_to, scene_then_subject, colon_quote, name_colon, participle_clause, relative_clause,
    when_asked, opening_inverted, opening_clause, passive_agent, passive, subject_verb, apposition,
    coordinated_subject, inverted,
)
