"""The body of an article is tokenised and scanned a chunk of sentences at a time (engine/body.py)
so that memory does not grow with its tokens; the results must be exactly those of the single
pass over the whole text's tokens that it replaced, wherever the chunks are cut. Memory figures
themselves are in benchmarks/memory.py. JSONL files are read a block at a time, a line longer
than a block measured before it is read: the lines must be readline's.
"""

from __future__ import annotations

import io
from bisect import bisect_left

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reliability_helpers import ARTICLES, SEEDS
from test_properties import RULESET, SETTINGS, news_like

from dashboard.engine import body
from dashboard.engine.article import Article
from dashboard.engine.attribution import find_attributions
from dashboard.engine.loaded import find_loaded
from dashboard.engine.quotes import CLOSING_MARKS, find_quotes
from dashboard.engine.records import Span
from dashboard.engine.stages import classify_lines
from dashboard.engine.text import SpanSet, Tokens, split_sentences
from dashboard.runtime import articles as loader
from dashboard.runtime.articles import load_file

COMPILED = RULESET.with_model(None).compiled  # the rules alone: the reference is analyse() before chunking


def _body(text: str) -> tuple[list[Span], list[Span]]:
    """The body sentences and direct quotes of a text, as analyse() finds them."""
    lines = classify_lines(text, COMPILED)
    paragraphs = [Span(l.start, l.end) for l in lines if not l.furniture and text[l.start:l.end].strip()]
    sentences = [s for p in paragraphs for s in split_sentences(text, p.start, p.end)]
    return sentences, find_quotes(text, paragraphs)


def _one_pass(text: str, sentences: list[Span], quote_spans: list[Span]) -> tuple:
    """Words, attributions and loaded wording as analyse() found them before chunking (ab5574c):
    the tokens of the whole text at once."""
    tokens = Tokens(text)
    sentence_tokens = [(bisect_left(tokens.starts, s.start), bisect_left(tokens.starts, s.end))
                       for s in sentences]
    words = sum(1 for a, b in sentence_tokens for t in tokens.texts[a:b] if t[0].isalnum())
    closed = SpanSet([q for q in quote_spans if text[q.end - 1] in CLOSING_MARKS])
    attributions = find_attributions(text, tokens, sentences, sentence_tokens, COMPILED, closed)
    reported = SpanSet(quote_spans + [a.content for a in attributions if a.content is not None])
    loaded = find_loaded(tokens, sentence_tokens, COMPILED, reported)
    return words, attributions, loaded


def _chunked(text: str, sentences: list[Span], quote_spans: list[Span], chunk_chars: int) -> tuple:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(body, "CHUNK_CHARS", chunk_chars)
        return body.scan_body(text, sentences, quote_spans, COMPILED)


def _articles() -> list[Article]:
    seeds = [a for p in sorted(SEEDS.glob("*.txt")) for a in load_file(str(p))]
    fixtures = [a for p in sorted(ARTICLES.glob("*.txt")) for a in load_file(str(p)) if isinstance(a, Article)]
    # the seeds run together 40 times (280 kB): many chunks at the default size
    joined = Article(id="seeds-x40", text="\n\n".join(a.text for a in seeds) * 40)
    # a run-on "sentence" cut inside words (no space for 1,500 characters): chunks meet mid-token
    run_on = Article(id="run-on", text=("Reuters" * 400 + " said “it is so,” officials said. ") * 30)
    # a quote over two sentences with loaded words in the first: quoted, though the quote runs on
    # past the end of that sentence's chunk
    long_quote = Article(id="long-quote", text="“The regime is brutal and evil. We will not give up,” "
                                              "the minister said. The so-called talks failed.\n" * 3)
    return [*seeds, *fixtures, joined, run_on, long_quote]


ARTICLE_CASES = _articles()


@pytest.mark.parametrize("chunk_chars", [1, 700, body.CHUNK_CHARS], ids=["every-sentence", "700", "default"])
@pytest.mark.parametrize("article", ARTICLE_CASES, ids=[a.id for a in ARTICLE_CASES])
def test_chunked_scan_equals_one_pass(article: Article, chunk_chars: int) -> None:
    # every seed and article fixture, the seeds joined 40 times, and a run-on text cut mid-word,
    # scanned a sentence at a time, 700 characters at a time and at the default chunk size
    sentences, quotes = _body(article.text)
    found = _chunked(article.text, sentences, quotes, chunk_chars)
    assert found == _one_pass(article.text, sentences, quotes)
    if article.id == "seeds-x40":
        assert found[0] > 10_000 and len(found[1]) > 500 and len(found[2]) > 100  # not a vacuous case
    if article.id == "long-quote":
        assert [h.voice for h in found[2]] == ["quoted", "quoted"] * 3  # "brutal", "evil"


@SETTINGS
@given(text=news_like)
def test_chunked_scan_equals_one_pass_on_any_news_like_text(text: str) -> None:
    sentences, quotes = _body(text)
    assert _chunked(text, sentences, quotes, 1) == _one_pass(text, sentences, quotes)


# --- JSONL lines are read a block at a time ----------------------------------------------------

class _Unseekable(io.RawIOBase):
    """A pipe-like stream: bytes in order, no seek."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._data.readinto(buffer)


def _by_readline(data: bytes, limit: int) -> list[bytes | None]:
    """What the lines are: readline's split, a line longer than `limit` (its break included) None."""
    return [None if len(line) > limit else line for line in io.BytesIO(data).readlines()]


@SETTINGS
@given(data=st.lists(st.sampled_from([b"\n", b"a", b"bc", b"\r\n", b"{}", b"\xff", b"x" * 9]),
                     max_size=40).map(b"".join),
       limit=st.integers(1, 30), block=st.sampled_from([1, 2, 3, 7, 64]), seekable=st.booleans())
def test_block_reader_gives_the_lines_readline_gives(data: bytes, limit: int, block: int, seekable: bool) -> None:
    # lines shorter and longer than a block and than the limit, with and without a final break,
    # from a file (long lines measured, then read again) and from an unseekable stream
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(loader, "READ_BLOCK", block)
        stream = io.BytesIO(data) if seekable else _Unseekable(data)
        lines = [None if line is None else bytes(line) for line in loader._lines(stream, limit)]
    assert lines == _by_readline(data, limit)
