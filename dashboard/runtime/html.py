"""Provides the main text of a saved web page and what its markup says about it (title, URL,
date, outlet), extracted offline with trafilatura: navigation, comments, related links, share
bars and footers are left out, entities (`&rsquo;`, `&nbsp;`) decoded."""

from __future__ import annotations

import codecs
import re
from array import array
from dataclasses import dataclass
from html.parser import HTMLParser

from ..engine.article import SourcePositions

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

# Fewer words than this is not an article: a login form, a page its scripts would build, an index
# of links (trafilatura returns whatever text it finds, "Home" for a page that is only a menu).
MIN_WORDS = 10
# The charset a page declares (<meta charset=...> or http-equiv), looked for where the HTML
# standard says a browser looks: the first 1024 bytes.
_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Elements whose text is never a page's main text: looked for in the rest of the markup only.
_UNREAD = frozenset({"head", "script", "style", "noscript", "template", "svg", "math"})
# Words of a paragraph placed at a time when the whole paragraph is not found once in the markup.
_CHUNK_WORDS = 6
# Characters of the page read while placing its text in the whole page (some 0.3 s).
_SEARCH_BUDGET = 300_000_000
# Past that budget, a paragraph is looked for only this many characters past the text before it.
_NEAR = 5000


@dataclass(frozen=True)
class Page:
    """What is scored of a web page: its main text (paragraphs apart by blank lines) and what
    its markup says about it (None where it says nothing)."""

    text: str
    title: str | None
    url: str | None
    date: str | None  # YYYY-MM-DD, the date it was first published where the page tells it
    outlet: str | None
    positions: SourcePositions | None = None  # where the text lies in the markup


def declared_charset(raw: bytes) -> str | None:
    """The Python codec of the charset the page declares, or None (none declared, or unknown)."""
    found = _CHARSET.search(raw[:1024])
    if found is None:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def extract(markup: str) -> Page:
    """The page's main text and metadata.

    Raises ValueError, with what to tell the user, when the page holds no article text."""
    import trafilatura  # half a second: paid only when a web page is read

    try:
        found: Any = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_links=False,
            include_images=False, include_formatting=False, deduplicate=False,
            # The dates the markup states (meta tags, JSON-LD, <time>), never one guessed from the
            # text: a footer's "© 2022" is not when the article was published.
            date_extraction_params={"extensive_search": False, "original_date": True})
    except RecursionError:
        raise ValueError("web page nested too deeply to be read") from None
    except Exception as exc:  # the parser's failure on a hostile page is that page's error, not a bug here
        raise ValueError(f"cannot read this web page: {type(exc).__name__}: {exc}") from None
    paragraphs = [line.strip() for line in ((found.text or "") if found else "").splitlines()]
    paragraphs = [p for p in paragraphs if p]
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_WORDS:
        raise ValueError(f"no article text found in this web page ({words} word(s) outside its menus, "
                         "comments and footer; a page its scripts build, or an index or login page?)")
    url = _clean(found.url)
    text = "\n\n".join(paragraphs)
    return Page(text=text, title=_clean(found.title), url=url, date=_clean(found.date),
                outlet=_outlet(_clean(found.sitename), _clean(found.hostname), url),
                positions=source_positions(markup, text))


class _Visible(HTMLParser):
    """The characters of a page's markup a reader sees (outside tags, comments, the head, scripts
    and styles), entities decoded, white space and control characters left out, each with its
    offset in the markup."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = array("q", [0])
        self.line_starts.extend(m.end() for m in re.finditer("\n", markup))
        self.markup = markup
        self.chars: list[str] = []
        self.offsets = array("q")
        self.ends = array("q")  # the offset just past each character's source (its entity's)
        self.unread: list[str] = []

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _add(self, text: str, start: int, width: int = 0) -> None:
        """The characters of `text`, which starts at `start` in the markup: each its own
        character there, or (an entity `width` characters long) all of them that entity."""
        for k, char in enumerate(text):
            if char.isprintable() and not char.isspace():
                self.chars.append(char)
                self.offsets.append(start + k if not width else start)
                self.ends.append(start + k + 1 if not width else start + width)

    def _reference(self, ref: str) -> None:
        if not self.unread:
            start = self._here()
            width = len(ref) - (self.markup[start + len(ref) - 1:start + len(ref)] != ";")
            decoded = _unescape(ref)
            if decoded == ref:  # no entity (`&brutal;`): its characters are shown as they are
                self._add(self.markup[start:start + width], start)
            else:
                self._add(decoded, start, width)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.unread.clear()  # a head left open
        elif tag in _UNREAD:
            self.unread.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>, <svg/>: nothing opened

    def handle_endtag(self, tag: str) -> None:
        if tag in self.unread:
            while self.unread and self.unread.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.unread:
            self._add(data, self._here())

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")


def _unescape(ref: str) -> str:
    import html

    return html.unescape(ref)


def source_positions(markup: str, text: str) -> SourcePositions | None:
    """Where the text extracted from a page lies in its markup (None when the markup cannot be
    read again): each paragraph is looked for, white space aside, among what the markup shows
    (where it occurs once, or once between the paragraphs around it), else each run of a few of
    its words; what is found nowhere, or more than once, is not placed (its findings say 1:1)."""
    visible = _Visible(markup)
    try:
        visible.feed(markup)
        visible.close()
    except Exception:  # a page html.parser cannot read again: its findings are placed at 1:1
        return None
    search = _Search("".join(visible.chars))
    where = array("q", [-1]) * len(text)
    past = array("q", [-1]) * len(text)

    def place(offsets: list[int], at: int) -> None:
        for j, offset in enumerate(offsets):
            where[offset] = visible.offsets[at + j]
            past[offset] = visible.ends[at + j]

    pieces = _pieces(text)  # (text offsets of its characters but white space, its compact text)
    placed = [search.once(compact, 0, len(search.shown)) for _, compact in pieces]
    cursor = 0  # just past the text placed last
    for k, (low, high) in enumerate(_bounds(placed, pieces, len(search.shown))):
        offsets, compact = pieces[k]
        low = max(low, cursor) if placed[k] is None else low
        at = placed[k] if placed[k] is not None else search.between(compact, low, high)
        if at is not None:
            place(offsets, at)
            cursor = at + len(compact)
            continue
        words = [w for w in ("".join(c for c in word if c.isprintable()) for word in
                             text[offsets[0]:offsets[-1] + 1].split()) if w]
        j = 0
        for w in range(0, len(words), _CHUNK_WORDS):
            chunk = "".join(words[w:w + _CHUNK_WORDS])
            found = search.between(chunk, low, high)
            if found is not None:
                place(offsets[j:j + len(chunk)], found)
                low = cursor = found + len(chunk)
            j += len(chunk)
    return _runs(where, past, visible.line_starts)


class _Search:
    """Looks for text among what a page shows, within a budget of characters read (a page of
    thousands of paragraphs, each looked for in all of it, would take minutes)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.budget = _SEARCH_BUDGET

    def once(self, compact: str, low: int, high: int) -> int | None:
        """Where `compact` occurs in shown[low:high], if it occurs there exactly once; None once
        the budget is spent."""
        self.budget -= high - low
        return None if self.budget < 0 else self._once(compact, low, high)

    def between(self, compact: str, low: int, high: int) -> int | None:
        """As `once`, but once the budget is spent, looked for only near `low` (just past the
        text placed before it): the page's text is in the page's order."""
        if self.budget >= 0:
            return self.once(compact, low, high)
        return self._once(compact, low, min(high, low + len(compact) + _NEAR))

    def _once(self, compact: str, low: int, high: int) -> int | None:
        if not compact:
            return None
        found = self.shown.find(compact, low, high)
        if found < 0 or self.shown.find(compact, found + 1, high) >= 0:
            return None
        return found


def _runs(where: array[int], past: array[int], line_starts: array[int]) -> SourcePositions:
    """The positions table of the markup offset of each text character (and just past it)."""
    starts, sources, ends = array("q"), array("q"), array("q")
    for offset, source in enumerate(where):
        last = sources[-1] if sources else None
        # A character continues the run when it is the markup's next character after the run's
        # last one (an entity ends its run: what follows it in the text is further on).
        follows = last is not None and (last < 0 if source < 0 else last >= 0 and source == ends[-1] == past[offset - 1]
                                        and source == last + offset - starts[-1])
        if follows:
            ends[-1] = past[offset]
        else:
            starts.append(offset)
            sources.append(source)
            ends.append(past[offset])
    return SourcePositions(starts, sources, ends, line_starts)


def _pieces(text: str) -> list[tuple[list[int], str]]:
    """The text's paragraphs, each as the offsets of its characters that are not white space (nor
    control or format characters, which the extraction may drop), and those characters."""
    pieces = []
    for match in re.finditer(r"[^\n]+", text):
        offsets = [match.start() + k for k, char in enumerate(match.group())
                   if char.isprintable() and not char.isspace()]
        if offsets:
            pieces.append((offsets, "".join(text[k] for k in offsets)))
    return pieces


def _bounds(placed: list[int | None], pieces: list[tuple[list[int], str]], size: int) -> list[tuple[int, int]]:
    """For each paragraph, the part of the shown text between the paragraphs placed before and
    after it (the page's order is the text's); a placed one's own place."""
    following = [size] * len(placed)
    after = size
    for k in range(len(placed) - 1, -1, -1):
        following[k] = after
        if placed[k] is not None:
            after = placed[k] or 0
    bounds = []
    low = 0
    for k, at in enumerate(placed):
        if at is not None:
            low = at + len(pieces[k][1])
            bounds.append((at, low))
        else:
            bounds.append((low, max(low, following[k])))
    return bounds


def _clean(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _outlet(sitename: str | None, hostname: str | None, url: str | None) -> str | None:
    """The outlet's name from the page's metadata (og:site_name, the publisher), else the
    registered domain of its canonical URL (tldextract's bundled suffix list: never the network).
    trafilatura gives a host name as the site name when the page names none: that is not a name
    ("news.example.com.au" is the outlet example.com.au)."""
    if sitename and not _HOST.fullmatch(sitename):
        return sitename
    host = url or sitename or hostname
    if host is None:
        return None
    from ..engine.matchers.sources import registered_domain

    return registered_domain(host) or hostname
