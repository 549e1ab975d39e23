"""Provides the main text of a saved web page and what its markup says about it (title, URL,
date, outlet), extracted offline with trafilatura: navigation, comments, related links, share
bars and footers are left out, entities (`&rsquo;`, `&nbsp;`) decoded."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Page:
    """What is scored of a web page: its main text (paragraphs apart by blank lines) and what
    its markup says about it (None where it says nothing)."""

    text: str
    title: str | None
    url: str | None
    date: str | None  # YYYY-MM-DD, the date it was first published where the page tells it
    outlet: str | None


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
    return Page(text="\n\n".join(paragraphs), title=_clean(found.title), url=url,
                date=_clean(found.date), outlet=_outlet(_clean(found.sitename), _clean(found.hostname), url))


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
