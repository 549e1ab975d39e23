"""Provides VADER's analyser built from the cache: its two lexicon files, parsed, are read back
from a JSON entry while they and VADER's code are the same files (an installed package: known by
their inode, size and times, not read): 3 ms to read instead of 16 ms to parse."""

from __future__ import annotations

import os

from ..engine import sentiment
from . import rulecache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

LEXICON_FILES = ("vader_lexicon.txt", "emoji_utf8_lexicon.txt")


def warm() -> None:
    """Hand the engine a VADER analyser, from the cache when it holds one (once per process)."""
    if sentiment.has_analyzer():
        return
    sentiment.use_analyzer(cached_analyzer())


def cached_analyzer() -> Any:
    """A VADER analyser: its lexicons from the cache, or parsed and then stored there."""
    from vaderSentiment import vaderSentiment as vs

    folder = os.path.dirname(os.path.abspath(vs.__file__))
    files = rulecache.file_identities([vs.__file__, *(os.path.join(folder, name) for name in LEXICON_FILES)])
    key = rulecache.make_key("vader", files) if files and rulecache.cache_dir() else None
    parsed = _lexicons(rulecache.read("vader", key)) if key else None
    if parsed is None:
        vader = vs.SentimentIntensityAnalyzer()
        if key:
            lexicon, emojis = vader.lexicon, vader.emojis
            # Four flat lists: JSON reads them back twice as fast as two objects.
            rulecache.write("vader", key, [list(lexicon), list(lexicon.values()),
                                           list(emojis), list(emojis.values())])
        return vader
    vader = vs.SentimentIntensityAnalyzer.__new__(vs.SentimentIntensityAnalyzer)
    vader.lexicon, vader.emojis = parsed  # all that scoring reads of __init__'s work
    return vader


def _lexicons(value: Any) -> tuple[dict[str, float], dict[str, str]] | None:
    """VADER's word valences and emoji descriptions from a cache entry, or None unless it holds
    exactly what `analyzer()` writes: words with a number each, emoji with a text each."""
    if type(value) is not list or len(value) != 4 or not all(type(part) is list for part in value):
        return None
    words, valences, emoji, descriptions = value
    if (not words or len(words) != len(valences) or len(emoji) != len(descriptions)
            or not all(type(word) is str for word in words)
            or not all(type(valence) is float for valence in valences)
            or not all(type(text) is str for part in (emoji, descriptions) for text in part)):
        return None
    return dict(zip(words, valences)), dict(zip(emoji, descriptions))
