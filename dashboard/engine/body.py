"""Provides the token pass over an article's body: the stages that read tokens (the word count,
attributions, loaded wording) run on a bounded chunk of sentences at a time, so that memory does
not grow with the article (a token costs some 180 bytes as Python objects: 37 bytes per
character of text)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .article import Article
from .attribution import find_attributions
from .doc import Chunk, Doc, Stage
from .learned import apply_model
from .loaded import find_loaded
from .quotes import CLOSING_MARKS
from .records import Attribution, LoadedHit, Span
from .text import SpanSet, Tokens

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterator

    from .compiled import Compiled

# Sentences are taken together until they span this many characters: their tokens (about 2.5 MB
# of Python objects) are all that is held at once. Results do not depend on it (every rule looks
# only at the tokens of its own sentence); tests/reliability/test_memory.py runs it at 1.
CHUNK_CHARS = 1 << 16
_SPACE = re.compile(r"\s")


class _TokenStream:
    """The tokens of a whole text, handed out a range at a time.

    Every token is the one a whole-text pass (Tokens(text)) would find, even where a run-on
    sentence was cut inside a word: each range's search starts where the last token taken
    ended, which is where a whole-text search goes on from, and ends at whitespace."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0  # the end of the last token found

    def take(self, start: int, stop: int) -> Tokens:
        """The tokens that start in [start, stop); those before `start` are passed over.

        No token holds whitespace, and to TOKEN_RE's lookaheads and word boundaries whitespace
        is as the end of the text: searched up to the first whitespace at or after `stop`, the
        tokens that start before `stop` are the whole-text pass's."""
        text = self._text
        end = stop
        if stop < len(text) and not text[stop].isspace():  # a sentence cut inside a word, say
            space = _SPACE.search(text, stop)
            end = space.start() if space else len(text)
        tokens = Tokens(text, self._pos, end)
        starts = tokens.starts
        last = bisect_left(starts, stop) if end > stop else len(starts)
        if last:
            self._pos = tokens.ends[last - 1]
        first = bisect_left(starts, start)
        return tokens if first == 0 and last == len(starts) else tokens.sliced(first, last)


def _chunks(sentences: list[Span]) -> Iterator[tuple[int, int]]:
    """Ranges [first, last) of sentence indices spanning about CHUNK_CHARS characters each."""
    first = 0
    for index, sentence in enumerate(sentences):
        if sentence.end - sentences[first].start >= CHUNK_CHARS:
            yield first, index + 1
            first = index + 1
    if first < len(sentences):
        yield first, len(sentences)


def _token_pass(doc: Doc) -> None:
    """Each chunk of sentences with its tokens, given to the parts of the pass in turn, then let go."""
    stream = _TokenStream(doc.text)
    sentences = doc.sentences
    for first, last in _chunks(sentences):
        chunk = sentences[first:last]
        start, stop = chunk[0].start, chunk[-1].end
        tokens = stream.take(start, stop)
        starts = tokens.starts
        sentence_tokens = [(bisect_left(starts, s.start), bisect_left(starts, s.end)) for s in chunk]
        doc.chunk = Chunk(tokens, chunk, sentence_tokens, start, stop)
        for part in TOKEN_PASS.parts:
            part.run(doc)
    doc.chunk = None


def _count_words(doc: Doc) -> None:
    chunk = doc.chunk
    assert chunk is not None
    texts = chunk.tokens.texts
    doc.words += sum(1 for a, b in chunk.sentence_tokens for t in texts[a:b] if t[0].isalnum())


def _attribute(doc: Doc) -> None:
    chunk = doc.chunk
    assert chunk is not None
    chunk.attributions = find_attributions(doc.text, chunk.tokens, chunk.sentences, chunk.sentence_tokens,
                                           doc.compiled, doc.closed_quotes, chunk.refused)
    doc.attributions += chunk.attributions


def _find_loaded(doc: Doc) -> None:
    """Whether a loaded term is quoted speech depends only on the spans that reach into its
    chunk: the quotes that overlap it (one may run on into the next chunk: the +1), and the
    contents of its attributions, each of which lies inside its own sentence."""
    chunk = doc.chunk
    assert chunk is not None
    ends = doc.quote_ends
    nearby = doc.quote_spans[bisect_left(ends, chunk.start):bisect_right(ends, chunk.stop) + 1]
    reported = SpanSet(nearby + [a.content for a in chunk.attributions if a.content is not None])
    doc.loaded += find_loaded(chunk.tokens, chunk.sentence_tokens, doc.compiled, reported)


def set_quotes(doc: Doc, quote_spans: list[Span]) -> None:
    """The direct quotes (in text order), their ends, and the closed ones, as the token pass reads them."""
    text = doc.text
    doc.quote_spans = quote_spans
    doc.quote_ends = [q.end for q in quote_spans]
    doc.closed_quotes = SpanSet([q for q in quote_spans if text[q.end - 1] in CLOSING_MARKS])


TOKEN_PASS = Stage("tokens", _token_pass, needs=("text", "sentences"), gives=("chunk",), parts=(
    Stage("words", _count_words, needs=("chunk",), gives=("words",)),
    Stage("attribution", _attribute, needs=("chunk", "compiled", "closed_quotes"), gives=("attributions",)),
    # The learned decision layer (engine/learned.py), when the rule set carries a model.
    Stage("learned", apply_model, needs=("chunk", "compiled", "text", "quote_spans", "quote_ends", "attributions"),
          gives=("attributions",)),
    Stage("loaded", _find_loaded, needs=("chunk", "compiled", "quote_spans", "quote_ends"), gives=("loaded",)),
))


def scan_body(text: str, sentences: list[Span], quote_spans: list[Span], compiled: Compiled
              ) -> tuple[int, list[Attribution], list[LoadedHit]]:
    """The body's word count, attributions and loaded wording, by the token pass alone (as from
    one pass over tokens of the whole text, which is what the chunks give; the memory tests hold
    the two equal). `quote_spans` are the article's direct quotes in text order (find_quotes)."""
    doc = Doc(Article(id="", text=text), compiled)
    doc.sentences = sentences
    set_quotes(doc, quote_spans)
    TOKEN_PASS.run(doc)
    return doc.words, doc.attributions, doc.loaded
