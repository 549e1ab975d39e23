"""Provides direct quotes: where they open and close in body paragraphs, and the speaker of each.

A quote's speaker is looked for, nearest evidence first:

1. an attribution whose content takes in the quote (`Kim said the treaty "is strong."`);
2. a speech tag right after the quote (`"...our son?" Kim said.`, `"...," said the minister`,
   `"...," she added`), or right before it (`Kim said: "..."`, `"X," he says, "Y."`);
3. an attribution in the quote's own sentences;
4. the quote it goes on from: the quote before it in its paragraph, or a quote paragraph left
   open that the next paragraph opens again (the continuation convention of news writing), and
   the other way round when the tag comes at the end of the run;
5. a name line after a pull quote (`- Sanders.`, `Josh Bivens, Economic Policy Institute.`);
6. the sentence before or after it: a lead-in ending with a colon, an attribution in the same
   paragraph, "That was how Smith put it", or the subject of the sentence before
   ("Smith was blunt. \"...\"").

A speaker is the name, description or pronoun as written (another stage resolves a pronoun to
whom it stands for), with the source id when a source rule names it. Short quoted phrases of
SHORT_QUOTE_WORDS words or fewer and quoted terms ("so-called", "dubbed") are terms, titles or
scare quotes rather than speech: they take a speaker only from an attribution or a speech tag.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise

from .metrics import is_term
from .nounphrases import is_adverb, is_pronoun, np_left, np_right, sentence_subject, skip_parenthesis
from .records import Attribution, Quote, Span
from .text import ABBREVIATIONS, Tokens
from .wordlists import DETERMINERS, PRONOUNS, SKIPPABLE, STOP

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from .compiled import Compiled

OPENING_QUOTES = "“\"«„"
CLOSING_QUOTES = {"“": "”", "\"": "\"", "«": "»", "„": "“"}
CLOSING_MARKS = frozenset(CLOSING_QUOTES.values())
ANY_QUOTE_MARKS = frozenset("“”\"«»„")
# Marks that also close a quote opened with another, where they stand as closing marks do.
ALTERNATE_CLOSERS = {"“": "\"“", "\"": "”", "«": "", "„": "”\""}

# Speech-tag verbs next to a quote that the cue rules do not list (a reporting verb of the cue
# rules is a tag verb too); a verb with its particle is two words.
TAG_VERBS = frozenset("""opined opines elaborated elaborates reacted reacts laughed laughs
exclaimed exclaims read reads mused muses pleaded pleads cried cries screamed screams whispered
whispers murmured murmurs sighed sighs interjected interjects snapped snaps recounted recounts
thought thinks wondered wonders wrote writes""".split())
PARTICLE_VERBS = frozenset(("went on", "goes on", "shot back", "shoots back", "chimed in",
                            "chimes in", "piped up", "pipes up", "fired back", "fires back",
                            "weighed in", "weighs in", "put it", "puts it", "went on to say"))
# What may follow a tail tag's verb: the end of the tag, or words that set the scene of it.
TAG_ENDS = frozenset(", . ; : — – - ! ? ( “ \"".split()) | frozenset(
    "and in into on at with without as after before during while when to of from by about over later then recently "
    "earlier again also last this yesterday today monday tuesday wednesday thursday friday "
    "saturday sunday".split())
# "That was how Smith put it.", "So said the mayor.", "Those were the words of Smith."
_AFTERWORD = re.compile(r"(?:(?:That|This|So|Such)\s+(?:was|is)\s+(?:how|what)\s+|So\s+(?:said|says)\s+|"
                        r"(?:Those|These|Such)\s+(?:were|are)\s+the\s+words\s+of\s+)")
_NAME_LINE = re.compile(r"[-—–~]?\s*((?:[A-Z][\w.’'-]*\.?\s*){1,5})(?:,|\.|$)")
MAX_NAME_LINE = 90
MAX_TAG_TOKENS = 14
# Capitalised words opening a sentence that are not who speaks in it.
NOT_SUBJECTS = frozenset("""moreover however meanwhile instead indeed still yet thus specifically
between among against despite without through across under within beyond like unlike good
yes no well oh sure okay ok first finally again besides otherwise perhaps maybe""".split())
MAX_LEAD_TOKENS = 40
# Words between a lead-in's subject and its verb: "Bryne went on to say, “...”".
LEAD_SKIP = frozenset(("to", "on", "went", "goes", "go", "going", "wanted", "proceeded", "would"))


def find_quotes(text: str, paragraphs: list[Span]) -> list[Span]:
    """Direct quotations in body paragraphs; a quote left open runs to the end of its paragraph.

    A quote opened with one kind of mark may be closed with another where the other stands as a
    closing mark does, after a word and before a space or punctuation (`“It's unusual," said
    Noble`, `“It's unusual,“ said Noble`): news copy mixes straight and curly marks."""
    quotes: list[Span] = []
    for para in paragraphs:
        pos = para.start
        while pos < para.end:
            open_at = _next_open(text, pos, para.end)
            if open_at < 0:
                break
            close_at = _closing(text, open_at, para.end)
            end = para.end if close_at < 0 else close_at + 1
            if any(c.isalnum() for c in text[open_at:end]):
                quotes.append(Span(open_at, end))
            pos = end
    return quotes


def _closing(text: str, open_at: int, end: int) -> int:
    """Where the quote opened at `open_at` closes, or -1."""
    best = text.find(CLOSING_QUOTES[text[open_at]], open_at + 1, end)
    for mark in ALTERNATE_CLOSERS[text[open_at]]:
        at = open_at
        while True:
            at = text.find(mark, at + 1, end if best < 0 else best)
            if at < 0:
                break
            if _closes(text, at, end) and not _closes_inner(text, open_at, at):
                best = at
                break
    return best


def _closes_inner(text: str, open_at: int, at: int) -> bool:
    """Whether the mark at `at` closes a quote opened inside the one opened at `open_at`
    (`"... North Carolina for its “Bathroom Bill,” which ...`)."""
    mark = text[at]
    if mark == "”":
        return text.count("“", open_at + 1, at) > text.count("”", open_at + 1, at)
    if mark == "\"":
        return text.count("\"", open_at + 1, at) % 2 == 1
    return False


def _closes(text: str, at: int, end: int) -> bool:
    """A mark that stands as a closing one: after a word or punctuation, before a space, a
    punctuation mark or the end of the paragraph."""
    before = text[at - 1]
    after = text[at + 1] if at + 1 < end else " "
    return not before.isspace() and not after.isalnum()


def _next_open(text: str, pos: int, end: int) -> int:
    best = -1
    for mark in OPENING_QUOTES:
        at = text.find(mark, pos, end)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return best


class _Speakers:
    """What the rules of assign_speakers read: the text, its sentences and paragraphs, the
    attributions made outside quotes, and the cue and source matchers."""

    def __init__(self, text: str, quotes: list[Span], attributions: list[Attribution],
                 sentences: list[Span], compiled: Compiled | None) -> None:
        self.text, self.quotes, self.sentences, self.compiled = text, quotes, sentences, compiled
        self.starts = [s.start for s in sentences]
        inside = _Inside(quotes)
        # An attribution whose cue is inside a quote is the quoted speaker's, not the article's.
        self.attributions = [a for a in attributions if a.source is not None
                             and not inside.contains(a.cue.start)]
        self.by_sentence: dict[int, Attribution] = {}
        for a in self.attributions:
            self.by_sentence.setdefault(self._sentence_of(a.sentence.start), a)

    def _sentence_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def paragraph(self, offset: int) -> tuple[int, int]:
        text = self.text
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        return start, len(text) if end < 0 else end

    # -- speakers from the text ------------------------------------------------------------

    def speaker(self, start: int, end: int) -> tuple[Span, str | None]:
        """A speaker span of text[start:end] and the id of the source rule that names it."""
        source_id = None
        if self.compiled is not None:
            tokens = Tokens(self.text, start, end)
            if not (len(tokens) == 1 and tokens.lowers[0] in PRONOUNS):
                rule = self.compiled.sources.resolve(self.text[start:end], tokens.texts, tokens.lowers)
                source_id = rule.id if rule is not None else None
        return Span(start, end), source_id

    def tag_verb(self, t: Tokens, i: int, stop: int, loose: bool = False) -> int:
        """The end of a speech-tag verb at token i (with its particle), or -1; `loose`: any past
        tense will do (right after a quote ending with a comma, "“Go back,” Trump barked")."""
        two = " ".join(t.lowers[i:i + 2])
        if two in PARTICLE_VERBS and i + 2 <= stop:
            return i + 2
        low = t.lowers[i]
        if low in TAG_VERBS or (loose and len(low) > 4 and low.endswith("ed") and t.texts[i].islower()):
            return i + 1
        if self.compiled is not None:
            found = self.compiled.cues.match_at(t.lowers, i, stop)
            if found is not None and found[1].verb and not found[1].after:
                return found[0]
        return -1

    def tail_tag(self, quote: Span) -> tuple[Span, str | None] | None:
        """ `"...," said Kim`, `"...our son?" Kim said.`, `"...," she added, "..."` """
        text = self.text
        inner = text[quote.start:quote.end - 1].rstrip("’'”\" ")[-1:]
        _, para_end = self.paragraph(quote.start)
        closed = text[quote.end - 1] in CLOSING_MARKS
        after = text[quote.end:quote.end + 2]
        if not closed:
            return None
        t = Tokens(text, quote.end, min(para_end, quote.end + 120))
        n = len(t)
        if not n:
            return None
        i = 0
        if t.texts[0] in (",", "—", "–"):
            i = 1
        elif inner not in ",?!—–-…." and not after.startswith(","):
            return None  # "the “fixed stand” Kim took": the quote is a phrase of the sentence
        loose = inner in ",?!"
        stop = n
        for k in range(i, min(n, i + MAX_TAG_TOKENS)):
            if t.texts[k] in ANY_QUOTE_MARKS or (t.texts[k] in ".!?;" and k > i and not _inside_name(t, k)):
                stop = k
                break
        if i >= stop:
            return None
        # VERB NP: "said the minister", "added another New Hampshire Democrat"
        j = self.tag_verb(t, i, stop)
        if j > 0:
            np = _np_after(t, j, stop)
            if np and _may_speak(t, np) and (np[1] >= stop or t.texts[np[1]] in TAG_ENDS
                                             or t.lowers[np[1]] in TAG_ENDS):
                end = _close_to(t, np[1], stop)
                return self.speaker(t.starts[np[0]], t.ends[end - 1])
            return None
        # NP VERB: "Kim said", "a Democratic staffer in the room wondered", "Trump went on"
        if not (is_pronoun(t, i) or t.texts[i][:1].isupper() or t.lowers[i] in DETERMINERS):
            return None
        for v in range(i + 1, stop):
            j = self.tag_verb(t, v, stop, loose)
            if j > 0 and j < n and is_adverb(t, j):
                j += 1  # "Miller said pleasantly into the phone"
            if j > 0 and (j >= n or t.texts[j] in TAG_ENDS or t.lowers[j] in TAG_ENDS):
                break
        else:
            return None
        np = np_right(t, i, v)
        if np is None or not self._reaches(t, np[1], v):
            return None
        return self.speaker(t.starts[np[0]], t.ends[np[1] - 1])

    @staticmethod
    def _reaches(t: Tokens, k: int, verb: int) -> bool:
        """Whether only what may stand between a subject and its verb is between token k and the
        verb: a short phrase ("a staffer in the room wondered"), a parenthesis ("Warren (D-Mass.)
        said"), an apposition ("Murphy, the head of Right to Rise USA, tweeted"), auxiliaries and
        adverbs ("Kim later said")."""
        if k + 1 < verb and t.lowers[k] in ("in", "at", "from", "for", "of", "with"):
            pp = np_right(t, k + 1, verb)
            if pp and pp[1] - k <= 4:
                k = pp[1]
        k = skip_parenthesis_right(t, k, verb)
        if k < verb and t.texts[k] == ",":
            comma = next((m for m in range(k + 1, verb) if t.texts[m] == ","), -1)
            if comma < 0 or comma - k > 10:
                return False
            k = comma + 1
        while k < verb and (t.lowers[k] in SKIPPABLE or is_adverb(t, k)):
            k += 1
        return k == verb

    def head_tag(self, quote: Span) -> tuple[Span, str | None] | None:
        """ `Kim said, "..."`, `, said Kim, "..."`, `Reporter Jomana Karadsheh says: "..."` """
        text = self.text
        para_start, _ = self.paragraph(quote.start)
        begin = max(para_start, quote.start - 200)
        t = Tokens(text, begin, quote.start)
        n = len(t)
        if n < 2 or t.texts[-1] not in (",", ":"):
            return None
        a = 0
        for k in range(n - 2, max(-1, n - 2 - MAX_LEAD_TOKENS), -1):
            if t.texts[k] in ANY_QUOTE_MARKS or t.texts[k] in ".!?;":
                a = k + 1
                break
        end = n - 1
        # The nearest tag verb before the mark decides: its subject, or the noun phrase after it
        # when that ends at the mark.
        for v in range(end - 1, a - 1, -1):
            j = self.tag_verb(t, v, end)
            if j < 0:
                continue
            k = v
            while k > a and (t.lowers[k - 1] in SKIPPABLE or t.lowers[k - 1] in LEAD_SKIP
                             or is_adverb(t, k - 1)):
                k -= 1  # "Kim later said", "Bryne went on to say"
            if k - 1 > a and t.texts[k - 1] == ",":
                k -= 1  # "her adviser, Jake Sullivan, said:", "Gov. John Kasich (R-OH), said,"
            k = skip_parenthesis(t, k, a)
            np = np_left(t, k, a)
            if np and (is_pronoun(t, np[0]) or t.texts[np[0]][:1].isupper() or t.lowers[np[0]] in DETERMINERS):
                return self.speaker(t.starts[np[0]], t.ends[np[1] - 1])
            np = np_right(t, j, end)  # ", said Kim, “...”": the second half of a quote a tag splits
            if np and np[1] == end:
                return self.speaker(t.starts[np[0]], t.ends[np[1] - 1])
            break
        if t.texts[end] == ":" and end > a:
            # a lead-in: "Clinton has since apologized for what happened: “...”"
            subject = _person_subject(t, a, end)
            if subject is None:  # "... doesn't surprise Republican pollster Daron Shaw: “...”"
                np = np_left(t, end, a)
                while np and np[0] < np[1] - 2 and not t.texts[np[0]][:1].isupper():
                    np = (np[0] + 1, np[1])  # "surprise Republican pollster Daron Shaw"
                subject = np if np and np[1] - np[0] >= 2 and all(
                    w[:1].isupper() or w == "." for w in t.texts[np[1] - 2:np[1]]) else None
            if subject:
                return self.speaker(t.starts[subject[0]], t.ends[subject[1] - 1])
        return None

    def by_content(self, quote: Span) -> Attribution | None:
        """The attribution whose content takes in the quote; of several, one that is not an
        outlet's or a rule-file source's report of what someone said (in `Xi said China has
        “supported ...,” according to Xinhua`, Xi said it and Xinhua reported him saying it),
        then the one whose cue is nearest."""
        best = None
        for a in self.attributions:
            c = a.content
            if c is not None and c.start < quote.end and quote.start < c.end and (
                    best is None or _preference(a, quote) < _preference(best, quote)):
                best = a
        return best

    def in_sentences(self, quote: Span) -> Attribution | None:
        first = self._sentence_of(quote.start)
        last = self._sentence_of(max(quote.start, quote.end - 1))
        for index in range(first, last + 1):
            found = self.by_sentence.get(index)
            if found is not None:
                return found
        return None

    def name_line(self, quote: Span) -> tuple[Span, str | None] | None:
        """A short line naming the speaker after a quote that ends its paragraph."""
        text = self.text
        _, para_end = self.paragraph(quote.start)
        if text[quote.end:para_end].strip(" \t\"”.") or text[para_end - 1:para_end] == "":
            return None
        nxt = para_end
        while nxt < len(text) and text[nxt] in "\r\n \t":
            nxt += 1
        line_end = text.find("\n", nxt)
        line_end = len(text) if line_end < 0 else line_end
        line = text[nxt:line_end].rstrip()
        if not line or len(line) > MAX_NAME_LINE or (any(c in line for c in "“\"/|@:") and not line.endswith('."')):
            return None
        dashed = line[0] in "-—–~"
        m = _NAME_LINE.match(line)
        if m is None:
            return None
        name = m.group(1).strip().rstrip(".")
        words = name.split()
        if not words or (not dashed and len(words) < 2) or name.isupper() or words[0].lower() in DETERMINERS \
                or words[0].lower() in PRONOUNS:
            return None
        start = nxt + line.index(name)
        return self.speaker(start, start + len(name))

    def before(self, quote: Span) -> tuple[Span, str | None] | None:
        """The sentence before the quote: a lead-in ending with a colon (in this paragraph or the
        one before), an attribution in the same paragraph, or the subject of a sentence of the
        same paragraph that the quote follows ("Smith was blunt. "...")."""
        text = self.text
        index = self._sentence_of(quote.start)
        sentence = self.sentences[index] if self.sentences else None
        if sentence is not None and sentence.start < quote.start and text[sentence.start:quote.start].strip():
            return None  # the quote is inside its sentence: no sentence before is its lead-in
        prev_index = index - 1
        if prev_index < 0:
            return None
        prev = self.sentences[prev_index]
        if prev.end > quote.start:
            return None
        para_start, _ = self.paragraph(quote.start)
        same = prev.start >= para_start
        lead_in = text[prev.start:prev.end].rstrip().endswith(":")
        if not (same or lead_in or not text[prev.end:quote.start].strip()):
            return None  # the paragraph before is not next to the quote's
        found = self.by_sentence.get(prev_index)
        if found is not None and found.cue.start < quote.start:
            return _voice(found)
        t = Tokens(text, prev.start, prev.end)
        if not len(t) or any(m in text[prev.start:prev.end] for m in ANY_QUOTE_MARKS):
            return None
        subject = _person_subject(t, 0, len(t))
        if subject:
            return self.speaker(t.starts[subject[0]], t.ends[subject[1] - 1])
        return None

    def subject(self, quote: Span) -> tuple[Span, str | None] | None:
        """The subject of the sentence a quote is part of, when it names a person or is a personal
        pronoun: "Sanders credited Clinton's victory to “a closed primary, something I am not
        enthusiastic about”", "He went on to call Cruz “the worst politician in Texas.”" """
        text = self.text
        if not self.sentences:
            return None
        sentence = self.sentences[self._sentence_of(quote.start)]
        if not (sentence.start < quote.start < sentence.end) or not text[sentence.start:quote.start].strip():
            return None
        t = Tokens(text, sentence.start, quote.start)
        if len(t) < 2:
            return None
        a = 1 if t.lowers[0] in ("and", "but", "so", "yet") else 0  # "And he made a point of saying ..."
        subject = _person_subject(t, a, len(t))
        if subject and subject[1] < len(t):
            return self.speaker(t.starts[subject[0]], t.ends[subject[1] - 1])
        return None

    def after(self, quote: Span) -> tuple[Span, str | None] | None:
        """ "“...” So said the mayor.", "That was how Smith put it." (an attribution in the
        sentence after the quote measured mostly wrong on annotated news: it is not taken)."""
        text = self.text
        last = self._sentence_of(max(quote.start, quote.end - 1))
        nxt = last + 1
        if nxt >= len(self.sentences):
            return None
        sentence = self.sentences[nxt]
        if text[quote.end:sentence.start].strip():
            return None
        m = _AFTERWORD.match(text, sentence.start, sentence.end)
        if m is not None:
            t = Tokens(text, m.end(), sentence.end)
            np = np_right(t, 0, len(t), subject=True) if len(t) else None
            if np:
                return self.speaker(t.starts[np[0]], t.ends[np[1] - 1])
        return None


def skip_parenthesis_right(t: Tokens, k: int, stop: int) -> int:
    """The token after a parenthesis at k ("Warren (D-Mass.) said"), else k."""
    if k < stop and t.texts[k] == "(":
        for m in range(k + 1, min(stop, k + 8)):
            if t.texts[m] == ")":
                return m + 1
    return k


def _close_to(t: Tokens, end: int, stop: int) -> int:
    """ "a person close to the Clintons", "officials familiar with the talks": the phrase goes on."""
    if end + 1 < stop and t.lowers[end] in ("close", "familiar") and t.lowers[end + 1] in ("to", "with"):
        more = np_right(t, end + 2, stop)
        return more[1] if more else end
    if end + 1 < stop and t.lowers[end - 1] in ("close", "familiar") and t.lowers[end] in ("to", "with"):
        more = np_right(t, end + 1, stop)
        return more[1] if more else end
    return end


def _inside_name(t: Tokens, k: int) -> bool:
    """Whether the period at token k is inside a name or a title ("R-Ky., said", "Sen. Cruz")."""
    return t.texts[k] == "." and k > 0 and (t.lowers[k - 1] in ABBREVIATIONS or "-" in t.texts[k - 1]
                                            or len(t.texts[k - 1]) == 1) \
        and k + 1 < len(t) and (t.texts[k + 1] == "," or t.texts[k + 1][:1].isupper())


def _np_after(t: Tokens, j: int, stop: int) -> tuple[int, int] | None:
    """The noun phrase at token j, a name whose first word is also a function word included
    ("said Will Doyle", "added May Li")."""
    np = np_right(t, j, stop)
    if np is None and j + 1 < stop and t.texts[j][:1].isupper() and t.texts[j + 1][:1].isupper():
        rest = np_right(t, j + 1, stop)
        np = (j, rest[1]) if rest else None
    return np


POSSESSIVES = frozenset(("his", "her", "their", "its", "my", "our", "your"))


def _may_speak(t: Tokens, np: tuple[int, int]) -> bool:
    """A noun phrase after a tag verb that can be who spoke: a name, a pronoun, or a determined
    noun ("said the minister", "added one official"), not "denounced her record"."""
    s, e = np
    return is_pronoun(t, s) or any(w[:1].isupper() for w in t.texts[s:e]) or (
        t.lowers[s] in DETERMINERS and t.lowers[s] not in POSSESSIVES)


def _person_subject(t: Tokens, a: int, limit: int) -> tuple[int, int] | None:
    """The subject opening tokens [a, limit) when it can be a person who speaks: a personal
    pronoun, or a name ("Sen. Jeff Sessions", not "Moreover," "Specifically," "Between 2001")."""
    found = sentence_subject(t, a, limit)
    if found is None:
        return None
    s, e = found
    while e + 1 < limit and t.texts[e] == "." and t.lowers[e - 1] in ABBREVIATIONS \
            and t.texts[e + 1][:1].isupper():
        e += 2  # "Sen. Jeff Sessions": the name goes on after the title's period
        while e < limit and t.texts[e][:1].isupper():
            e += 1
    if e - s == 1 and t.lowers[s] in ("he", "she", "they", "i", "we"):
        return found
    low = t.lowers[s]
    if e - s > 5 or low in DETERMINERS or low in STOP or low in NOT_SUBJECTS or t.texts[s].isupper():
        return None
    if e - s == 1 and low.endswith(("ly", "ing")):
        return None  # "Specifically, ...", "Adding, ..."
    return (s, e) if any(w[:1].isupper() for w in t.texts[s:e]) else None


class _Inside:
    """Whether an offset is inside one of the quotes (in text order)."""

    def __init__(self, quotes: list[Span]) -> None:
        self.starts = [q.start for q in quotes]
        self.quotes = quotes

    def contains(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and self.quotes[i].start < offset < self.quotes[i].end


def assign_speakers(text: str, quotes: list[Span], attributions: list[Attribution],
                    sentences: list[Span], compiled: Compiled | None = None) -> list[Quote]:
    """A speaker for each quote (the module's docstring says where it is looked for); with no
    compiled rules, speech tags are read with TAG_VERBS alone and no source id is resolved."""
    finder = _Speakers(text, quotes, attributions, sentences, compiled)
    found: list[tuple[Span, str | None] | None] = []
    terms = [is_term(text, q) for q in quotes]
    for quote, term in zip(quotes, terms):
        a = finder.by_content(quote)
        if a is not None:
            found.append(_voice(a))
            continue
        tag = finder.tail_tag(quote) or finder.head_tag(quote)
        if tag is None and not term:
            a = finder.in_sentences(quote)
            tag = _voice(a) if a is not None else None
        found.append(tag)
    # Runs of quotes in one voice: a quote after another in its paragraph with no one else's
    # attribution between them, or a quote paragraph the next paragraph goes on from.
    # (A short quote with a speech tag is speech: “It's unusual,” said Noble. “It's a hard thing ...”)
    speech = [n for n, term in enumerate(terms) if not term or found[n] is not None]
    pairs = list(pairwise(speech))
    for before, after in pairs:
        if found[after] is None and found[before] is not None \
                and _continues(text, quotes[before], quotes[after], finder, found[before]):
            found[after] = found[before]
    _carry_back(text, quotes, found, pairs, finder)
    for n in speech:
        if found[n] is None:
            quote = quotes[n]
            found[n] = (finder.name_line(quote) or finder.before(quote) or finder.after(quote)
                        or finder.subject(quote))
    _carry_back(text, quotes, found, pairs, finder)  # a run named by a line after its last quote
    return [Quote(q, f[0] if f else None, f[1] if f else None) for q, f in zip(quotes, found)]


def _carry_back(text: str, quotes: list[Span], found: list[tuple[Span, str | None] | None],
                pairs: list[tuple[int, int]], finder: _Speakers) -> None:
    """The speaker of a run's later quote, back to the quotes of the run before it that have none
    (`“A ¶ “B,” Kim said.`: the tag comes at the end of a quote that goes on across paragraphs)."""
    for before, after in reversed(pairs):
        if found[before] is None and found[after] is not None and _opens_run(text, quotes[before], quotes[after]) \
                and _continues(text, quotes[before], quotes[after], finder, found[after]):
            found[before] = found[after]


def _continues(text: str, first: Span, second: Span, finder: _Speakers,
               voice: tuple[Span, str | None] | None = None) -> bool:
    """Whether `second` goes on in the voice of `first`: the next quote of the same paragraph, or
    a quote opening the paragraph after the one `first` is in, with no attribution between them
    of anything else (`"A," Kim said. "B."`, `"A," Kim said. ¶ "B."`, `"A ¶ "B," Kim said.`)."""
    between = text[first.end:second.start]
    if len(between) > 400:
        return False
    if "\n" in between:
        para_start, _ = finder.paragraph(second.start)
        if text[para_start:second.start].strip():
            return False  # the second quote does not open its paragraph
        tail = between.strip()
        if "\n" in tail or len(tail) > 150:
            return False  # another paragraph between them, or more than a speech tag
    said_by = _said(text, voice[0]) if voice else None
    for a in finder.attributions:
        if first.end <= a.cue.start < second.start and _said(text, _voice(a)[0]) != said_by:
            c = a.content
            if c is None or not ((c.start < first.end and first.start < c.end)
                                 or (c.start < second.end and second.start < c.end)):
                return False  # someone else speaks between them
    return True


def _preference(a: Attribution, quote: Span) -> tuple[bool, int]:
    return a.source_id is not None, abs(a.cue.start - quote.start)


def _voice(a: Attribution) -> tuple[Span, str | None]:
    """The speaker an attribution gives (the finder keeps only attributions with a source)."""
    assert a.source is not None
    return a.source, a.source_id


def _said(text: str, span: Span) -> str:
    return text[span.start:span.end].lower()


def _opens_run(text: str, first: Span, second: Span) -> bool:
    """Whether the speaker of `second` may be carried back to `first`: a quote paragraph left
    open (the convention for a quote that goes on in the next paragraph), or a quote the
    quote after it continues within the same sentence group."""
    between = text[first.end:second.start]
    if "\n" in between:
        return text[first.end - 1] not in CLOSING_MARKS
    return not between.strip(" ,;—–-")
