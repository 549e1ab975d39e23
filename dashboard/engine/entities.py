"""Provides the entities of an article: the mentions of one source grouped together, so that
"North Korea's Kim Jong-Un", "Kim", "the North Korean leader" and "he" are one person.

The mentions are the sources of attributions and the speakers of quotes. Each is, in text order:
- a source of the rule files (by its `source_id`): an outlet, a government body or another organisation;
- a vague or anonymous source ("officials", "a person familiar with the matter"): one entity per wording;
- a name ("Chinese President Xi Jinping", "Xi"): the name without its title; a single word joins
  the longer name it is a word of, in the sources or anywhere in the article's text;
- a role description ("the Chinese president", "the North Korean leader"): the person whose
  title or nationality in the text the description repeats;
- a pronoun ("he", "she", "they", "it"): the nearest compatible entity, first in its own
  sentence before it, then the latest speaker of the sentences before;
- any other phrase ("many American legislators"): a group, one entity per wording.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .namewords import (
    FEMALE_TITLES,
    GOVERNMENTS,
    MALE_PRONOUNS,
    MALE_TITLES,
    ORGANISATION_WORDS,
    PERSON_PRONOUNS,
    PLACES,
    ROLE_HEADS,
    SOURCE_PRONOUNS,
    TITLE_WORDS,
    TITLES,
)
from .records import Entity, Span
from .wordlists import DETERMINERS, STOP

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .matchers import SourceIndex
    from .records import Attribution, Quote

# Source kinds of the rule files that are media (an entity of kind "outlet", with this media kind).
MEDIA_KINDS = frozenset(("state_media", "wire", "aggregator", "public_broadcaster", "newspaper",
                         "broadcaster", "magazine", "online"))
ENTITY_KINDS = ("person", "organisation", "outlet", "government", "group", "anonymous")

# The most words a person's name has, titles left out ("Martin Luther King Jr.").
MAX_NAME_WORDS = 4
# How many sentences back a pronoun or a role description looks for what it refers to.
LOOKBACK_SENTENCES = 3

_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\w.,]*")
_CAPITALISED = re.compile(  # a run of capitalised words; a dot only after an initial or an abbreviation ("R.", "Sen.")
    r"[A-Z](?:[a-z]{0,3}\.|[\w'’-]*)(?:\s+(?:[A-Z](?:[a-z]{0,3}\.|[\w'’-]*)|de|da|van|von|bin|al|el))*")


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    """A word as names compare: lower case, without dots, hyphens or a possessive."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace(".", "").replace("-", " ").strip("'")


class _Entity:
    """An entity being built: its mentions, kind, display name and what refers to it."""

    __slots__ = ("context", "gender", "kind", "media_kind", "mentions", "name", "name_keys", "source_id")

    def __init__(self, kind: str, name: str, source_id: str | None = None, media_kind: str | None = None) -> None:
        self.kind, self.name, self.source_id, self.media_kind = kind, name, source_id, media_kind
        self.mentions: list[Span] = []
        self.name_keys: tuple[str, ...] = tuple(k for w in name.split() if (k := _key(w)))
        self.context: set[str] = set()  # title and nationality words seen with the name
        self.gender: str | None = None


class Resolver:
    """Groups one article's source mentions into entities, in text order."""

    def __init__(self, text: str, sentences: list[Span], sources: SourceIndex) -> None:
        self.text, self.sources = text, sources
        self.words = _Words(text)
        self.sentence_starts = [s.start for s in sentences]
        self.entities: list[_Entity] = []
        self.by_key: dict[str, _Entity] = {}
        self.by_word: dict[str, _Entity] = {}  # each word of a name -> the latest entity it names
        self.by_single: dict[str, _Entity] = {}  # one-word names
        self.by_last: dict[str, _Entity] = {}  # the last word of longer names
        # sentence index -> (offset, entity) of every mention in it found so far.
        self.seen: dict[int, list[tuple[int, _Entity]]] = {}
        self.speakers: list[tuple[int, _Entity]] = []  # (sentence index, entity) of each source so far
        self.scanned = 0  # how many of the entities name_mentions() has looked for

    def sentence_of(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    # -- one mention ------------------------------------------------------------------------------

    def resolve(self, span: Span, source_id: str | None, source_kind: str | None, vague: bool) -> _Entity | None:
        """The entity a source span refers to (made when it is the first mention), or None for a
        pronoun or description that refers to nothing found."""
        surface = self.text[span.start:span.end].strip()
        words = _WORD.findall(surface)
        if not words:
            return None
        lowers = [_key(w) for w in words]
        entity: _Entity | None
        if source_id and (person := self._spokesperson(words)) is not None:
            entity = person  # "Amnesty International spokesman Eric Ferrero" is Eric Ferrero
        elif source_id:
            entity = self._by_source(source_id, source_kind)
        elif vague:
            entity = self._keyed("vague:" + " ".join(lowers), "anonymous", surface)
        elif len(words) == 1 and lowers[0] in ("who", "which", "that", "you"):
            entity = None  # a relative pronoun: the source is the noun before it
        elif len(words) == 1 and lowers[0] in SOURCE_PRONOUNS:
            entity = self._pronoun(lowers[0], span.start)
        elif "and" in lowers[1:-1] or "&" in words:  # "China and North Korea": two, spoken of as one
            entity = self._keyed("group:" + " ".join(lowers), "group", surface)
        elif (name := _name_of(words)) is not None and not self._common_word(name):
            entity = self._named(name, words)
        elif (role := self._role(lowers, span.start)) is not None:
            entity = role
        elif len(words) == 1 and lowers[0] in TITLES:
            entity = None  # a title cut from its name ("Dr")
        else:
            head = lowers[-1]
            if head in ROLE_HEADS and lowers[0] in ("a", "an"):
                kind = "anonymous"  # "a woman", "a senior official": a person the article does not name
            elif head in ROLE_HEADS and lowers[0] == "the":
                kind = "anonymous"  # "the judge", never named: the reader is not told who
            elif head in ORGANISATION_WORDS and lowers[0] == "the":  # "the Bush administration"
                kind, surface = "organisation", " ".join(words[1:])
            else:
                kind = "group"
            entity = self._keyed("group:" + " ".join(lowers), kind, surface)
        if entity is not None:
            entity.mentions.append(span)
            sentence = self.sentence_of(span.start)
            self.seen.setdefault(sentence, []).append((span.start, entity))
            self.speakers.append((sentence, entity))
        return entity

    def _spokesperson(self, words: list[str]) -> _Entity | None:
        """The person a source phrase names after a title, when the rule-file source is only
        their employer: "Amnesty International spokesman Eric Ferrero"."""
        name = _name_of(words)
        if name is None or len(name) < 2 or len(name) == len(words) or _key(words[-len(name) - 1]) not in TITLES:
            return None
        return self._named(name, words) if _name_kind(" ".join(name), []) == "person" else None

    def _common_word(self, name: list[str]) -> bool:
        """A one-word "name" that is a common word capitalised to begin a sentence ("Crowds
        gathered", "Contributing: ..."): the text has it in lower case too, or it is a verb form."""
        if len(name) > 1:
            return False
        word = name[0]
        lower = word.lower()
        if _key(word) in GOVERNMENTS:
            return False
        if lower.endswith(("ing", "ly")) or "'" in lower.replace("’", "'").rstrip("s").rstrip("'"):
            return True  # "Contributing", "Essentially", "We're"
        return next(iter(self.words.occurrences(lower)), None) is not None

    def _by_source(self, source_id: str, source_kind: str | None) -> _Entity:
        key = "id:" + source_id
        if key not in self.by_key:
            rule = self.sources.by_id.get(source_id)
            name = getattr(rule, "name", None) or source_id
            if source_kind in MEDIA_KINDS:
                kind, media = "outlet", source_kind
            elif source_kind == "government":
                kind, media = "government", None
            else:
                kind, media = "organisation", None
            self.by_key[key] = self._new(kind, name, source_id, media)
        return self.by_key[key]

    def _keyed(self, key: str, kind: str, name: str) -> _Entity:
        if key not in self.by_key:
            self.by_key[key] = self._new(kind, name)
        return self.by_key[key]

    def _new(self, kind: str, name: str, source_id: str | None = None, media_kind: str | None = None) -> _Entity:
        entity = _Entity(kind, name, source_id, media_kind)
        self.entities.append(entity)
        return entity

    def _named(self, name: list[str], words: list[str]) -> _Entity:
        """A name: the entity whose name it is, or that it is a word of; else a new one, with its
        fuller form from the text when there is one ("Xi" -> "Xi Jinping"). Common words that
        begin it are not part of it ("Last Year Barack Obama", in a title-case heading)."""
        while len(name) > 1 and self._common_word(name[:1]):
            name = name[1:]
        keys = tuple(k for w in name if (k := _key(w)))
        before = [k for w in words[: len(words) - len(name)] if (k := _key(w))]  # its title, as written
        title = before
        entity = self._matching_name(keys)
        if entity is None:
            fuller = self._fuller_name(keys, name[0]) if len(keys) == 1 and keys[0] not in GOVERNMENTS else None
            shown, title = fuller or (" ".join(name), before)
            entity = self._matching_name(tuple(_key(w) for w in shown.split()))
            if entity is None:
                kind = _name_kind(shown, title)
                if kind == "person" and " " not in shown and not set(title) & TITLES:
                    kind = "organisation"  # one word, never given a first name or a title: "Twitter"
                entity = self._new(kind, shown)
                self._index(entity)
        elif len(keys) > len(entity.name_keys):  # the fuller form names it from now on
            entity.name, entity.name_keys = " ".join(name), keys
            self._index(entity)
        entity.context.update(TITLE_WORDS.get(k, k) for k in (*before, *title))
        _learn_gender(entity, entity.context)
        return entity

    def _matching_name(self, keys: tuple[str, ...]) -> _Entity | None:
        """The latest entity named by these name words: the same name, a one-word name that is
        one of them or that they are one word of, or the same surname and first initial
        ("Ronald R. Smith" and "Ronald Smith"). Indexed by word: an article citing thousands of
        different people costs one look-up per name, not a walk over all of them."""
        if not keys:
            return None
        found = self.by_key.get("name:" + " ".join(keys))
        if found is not None:
            return found
        if len(keys) == 1:
            return self.by_word.get(keys[0])
        for key in keys:
            if (single := self.by_single.get(key)) is not None:
                return single
        same_last = self.by_last.get(keys[-1])
        if same_last is not None and same_last.name_keys[0][:1] == keys[0][:1]:
            return same_last
        return None

    def _index(self, entity: _Entity) -> None:
        """Make an entity's name words find it (the latest entity with a word wins)."""
        keys = entity.name_keys
        if not keys:
            return
        self.by_key["name:" + " ".join(keys)] = entity
        for key in keys:
            self.by_word[key] = entity
        if len(keys) == 1:
            self.by_single[keys[0]] = entity
        else:
            self.by_last[keys[-1]] = entity

    def _fuller_name(self, keys: tuple[str, ...], word: str) -> tuple[str, list[str]] | None:
        """The longest capitalised run of the text with this one-word name in it, less its title:
        ("Xi Jinping", ["chinese", "president"]) for "Xi" in "... told Chinese President Xi Jinping".
        Only the runs around the places the word is written are read."""
        best: tuple[str, list[str]] | None = None
        text = self.text
        for at in self.words.occurrences(word):
            for match in _CAPITALISED.finditer(text, max(0, at - RUN_WINDOW), at + len(word) + RUN_WINDOW):
                if match.start() > at or match.end() < at + len(word):
                    continue
                run = match.group().split()
                name = _name_of(run) if len(run) > 1 else None
                if name is None or len(name) < 2 or keys[0] not in (_key(w) for w in name):
                    continue
                if best is None or len(name) > len(best[0].split()):
                    title = [_key(w) for w in run[: len(run) - len(name)]]
                    before = text[max(0, match.start() - 40):match.start()].split()[-3:]
                    title += [_key(w) for w in before if w[:1].islower()]  # "North Korean leader Kim ..."
                    best = (" ".join(name), title)
        return best

    def _role(self, lowers: list[str], at: int) -> _Entity | None:
        """A description that refers to a person by role: "the Chinese president" is the person
        whose title or nationality words it repeats, the latest mentioned first; failing that,
        the only person whose title it repeats ("the Florida senator" after "Sen. Marco Rubio")."""
        if lowers[0] not in ("the", "this", "that") or lowers[-1] not in ROLE_HEADS or len(lowers) > 5:
            return None
        head, modifiers = lowers[-1], [w for w in lowers[1:-1] if w not in DETERMINERS]
        people = [e for e in reversed(self.entities) if e.kind == "person" and e.context]
        titled = [e for e in people if head in e.context]
        for candidates in (titled, people if modifiers else []):
            for entity in candidates:
                if all(any(c[:5] == m[:5] for c in entity.context) for m in modifiers):
                    return entity
        if len(titled) == 1:
            return titled[0]
        return self._titled_name(head, modifiers, at)

    def _titled_name(self, head: str, modifiers: list[str], at: int) -> _Entity | None:
        """The latest person named before `at` whose title and nearby words the description
        repeats, among all names of the text ("Sen. Marco Rubio of Florida", "presidential
        candidate Donald Trump"): a description of someone who has not been a source yet."""
        text = self.text
        for run in reversed(self._name_runs(0, at)):
            words = run.group().split()
            name = _name_of(words)
            if not name or _name_kind(" ".join(name), []) != "person":
                continue
            before = [_key(w) for w in _WORD.findall(text[max(0, run.start() - 40):run.start()])][-3:]
            own = [_key(w) for w in words[:len(words) - len(name)]]
            after = [_key(w) for w in _WORD.findall(text[run.end():run.end() + 30])][:3]  # "of Florida"
            titles = {TITLE_WORDS.get(k, k) for k in (*before, *own, *after)}
            if head in titles and all(any(t[:5] == m[:5] for t in titles) for m in modifiers):
                return self._named(name, words)
        return None

    def _pronoun(self, word: str, at: int) -> _Entity | None:
        """The entity a pronoun source refers to: the nearest compatible mention before it in its
        own sentence, else the latest compatible source of the sentences before it."""
        if word in ("i", "we"):
            return None  # the writer or a group the article does not name
        sentence = self.sentence_of(at)

        def fits(entity: _Entity) -> bool:
            if word in PERSON_PRONOUNS:
                wanted = "m" if word in MALE_PRONOUNS else "f"
                return entity.kind == "person" and entity.gender in (None, wanted)
            if word == "it":
                return entity.kind in ("organisation", "outlet", "government")
            return entity.kind in ("group", "organisation", "government", "outlet", "anonymous")

        self.name_mentions()
        before = [(offset, entity) for offset, entity in self.seen.get(sentence, ())
                  if offset < at and fits(entity)]
        if before:
            return self._took(max(before, key=lambda seen: seen[0])[1], word)
        for index, entity in reversed(self.speakers):
            if index < sentence - LOOKBACK_SENTENCES:
                break
            if index < sentence and fits(entity):
                return self._took(entity, word)
        if word in PERSON_PRONOUNS:  # someone named nearby who has not spoken yet: "Rand Paul... He thinks"
            since = self.sentence_starts[max(0, sentence - LOOKBACK_SENTENCES)] if self.sentence_starts else 0
            for run in reversed(self._name_runs(since, at)):
                words = run.group().split()
                if (name := _name_of(words)) and _name_kind(" ".join(name), []) == "person":
                    entity = self._named(name, words)
                    if fits(entity):
                        return self._took(entity, word)
        return None

    def _name_runs(self, start: int, end: int) -> list[re.Match[str]]:
        """The capitalised runs between two offsets: of two words or more, or one word inside a
        sentence ("I saw Brafman's surprise")."""
        text = self.text
        return [m for m in _CAPITALISED.finditer(text, start, end)
                if " " in m.group() or text[max(0, m.start() - 3):m.start()].rstrip()[-1:] not in _SENTENCE_OPENERS]

    @staticmethod
    def _took(entity: _Entity, pronoun: str) -> _Entity:
        if entity.gender is None and pronoun in PERSON_PRONOUNS:
            entity.gender = "m" if pronoun in MALE_PRONOUNS else "f"
        return entity

    # -- the article's other mentions of the names ---------------------------------------------

    def name_mentions(self) -> None:
        """Every place the text names a person entity by one of its name words ("In Xi's message,
        he revealed": Xi is mentioned before the pronoun), so that pronouns see them; asked for
        by each pronoun, for the people found since the last one."""
        for entity in self.entities[self.scanned:]:
            if entity.kind != "person" or not entity.name_keys:
                continue
            words = entity.name.split()
            for word in {words[0], words[-1]}:
                for offset in self.words.occurrences(word) if len(word) > 1 else ():
                    self.seen.setdefault(self.sentence_of(offset), []).append((offset, entity))
        self.scanned = len(self.entities)


class _Words:
    """Where each word is written in a text as a word of its own (not inside another word, a URL
    or a slug). An article of usual length is searched with str.find, one pass in C per word
    asked for; a long one is indexed once, so that a text naming thousands of people costs one
    pass, not one per name."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index: dict[str, list[int]] | None = None

    def occurrences(self, word: str) -> Iterable[int]:
        text = self.text
        if len(text) > INDEX_FROM:
            if self.index is None:
                self.index = {}
                for match in _WORD_RE.finditer(text):
                    if _alone(text, match.start(), match.end()):
                        self.index.setdefault(match.group(), []).append(match.start())
            return self.index.get(word, ())
        return self._found(word)

    def _found(self, word: str) -> Iterator[int]:
        text = self.text
        at = text.find(word)
        while at >= 0:
            if _alone(text, at, at + len(word)):
                yield at
            at = text.find(word, at + 1)


def _alone(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1:start] if start else "", text[end:end + 1]
    if after in ".-" and not text[end + 1:end + 2].isalnum():
        after = ""  # a full stop or a dash after the word ends a sentence or a clause: "said Kim."
    return not (before.isalnum() or before in _JOINERS) and not (after.isalnum() or after in _JOINERS)


# Texts longer than this are indexed by word rather than searched (_Words).
INDEX_FROM = 20_000
_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_JOINERS = frozenset("_/-.@")  # a word joined to these is part of a URL, a slug or an address
# How far around a place a name is written its capitalised run is looked for.
RUN_WINDOW = 80


def _name_of(words: list[str]) -> list[str] | None:
    """The name in a source phrase, without its title or what comes before a possessive:
    ["Xi", "Jinping"] of "Chinese President Xi Jinping", ["Kim", "Jong-Un"] of "North Korea's
    Kim Jong-Un"; None when the phrase is not a name (no capitalised word, or a lower-case head)."""
    if not words or not words[-1][:1].isupper():
        return None
    start = 0
    for i, word in enumerate(words):
        key = _key(word)
        possessive = word.replace("’", "'").endswith("'s")
        if possessive or key in TITLES or (not word[:1].isupper() and key not in _CONNECTORS):
            start = i + 1
    name = words[start:]
    if not name or not name[0][:1].isupper() or _key(name[0]) in NOT_NAMES or len(name) > MAX_NAME_WORDS:
        return None  # (a longer capitalised run is a title-case heading: "Clinton Says Russians Hacked DNC")
    return name


_SENTENCE_OPENERS = frozenset(('', '.', '!', '?', '"', '“', '”', "'", '‘', ':', '\n', '—', '-'))
_CONNECTORS = frozenset(("de", "da", "van", "von", "bin", "al", "el"))
# Capitalised words that begin a sentence or a heading, not a name: "When I", "Your Honor".
NOT_NAMES = DETERMINERS | STOP | frozenset("your our my we i you oh yes no mr mrs ms dear".split())


def _name_kind(name: str, title: list[str]) -> str:
    keys = [_key(w) for w in name.split()]
    if any(k in ORGANISATION_WORDS for k in keys):
        return "organisation"
    joined = " ".join(keys)
    if joined in GOVERNMENTS or (len(keys) > 1 and keys[-1] in ("county", "city", "province")):
        return "government"
    if joined in PLACES:
        return "group"  # a place named as a source ("the Middle East"): not a person
    if "the" in title and len(keys) == 1:
        return "organisation"
    return "person"


def _learn_gender(entity: _Entity, context: set[str]) -> None:
    if entity.gender is None:
        if context & MALE_TITLES:
            entity.gender = "m"
        elif context & FEMALE_TITLES:
            entity.gender = "f"


def find_entities(text: str, sentences: list[Span], attributions: list[Attribution], quotes: list[Quote],
                  sources: SourceIndex) -> tuple[list[Entity], list[Attribution], list[Quote]]:
    """The entities of the sources and speakers, and the attributions and quotes with their
    `entity` (an id, "e1", "e2", ... in order of first mention; None where none was found)."""
    resolver = Resolver(text, sentences, sources)
    mentions: list[tuple[int, int, int, Span, str | None, str | None, bool]] = []  # (at, which, index, ...)
    for i, a in enumerate(attributions):
        if a.source is not None:
            mentions.append((a.source.start, 0, i, a.source, a.source_id, a.source_kind, a.vague))
    for i, q in enumerate(quotes):
        if q.speaker is not None:
            mentions.append((q.speaker.start, 1, i, q.speaker, q.source_id, None, False))
    if not mentions:
        return [], attributions, quotes
    mentions.sort(key=lambda m: (m[0], m[1]))
    found: dict[tuple[int, int], _Entity] = {}
    same: dict[tuple[int, int, str | None], _Entity | None] = {}  # one span, one entity
    for _, which, index, span, source_id, kind, vague in mentions:
        key = (span.start, span.end, source_id)
        if key in same:
            entity = same[key]
        else:
            entity = same[key] = resolver.resolve(span, source_id, kind, vague)
        if entity is not None:
            found[(which, index)] = entity
    ordered = sorted((e for e in resolver.entities if e.mentions), key=lambda e: e.mentions[0].start)
    ids = {id(e): f"e{n}" for n, e in enumerate(ordered, 1)}
    entities = [Entity(ids[id(e)], e.name, e.kind, e.source_id, e.media_kind,
                       tuple(sorted(set(e.mentions)))) for e in ordered]
    attributions = [a._replace(entity=ids[id(found[(0, i)])]) if (0, i) in found else a
                    for i, a in enumerate(attributions)]
    quotes = [q._replace(entity=ids[id(found[(1, i)])]) if (1, i) in found else q for i, q in enumerate(quotes)]
    return entities, attributions, quotes
