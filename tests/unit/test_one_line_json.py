"""`score --format jsonl` encodes the contract one item at a time, byte for byte what
json.dumps writes for the whole record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.report.contract import to_contract
from dashboard.report.records import one_line_json
from dashboard.runtime.rulepacks import load_rules

PROJECT = Path(__file__).resolve().parents[2]
RULESET = load_rules()
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((PROJECT / "seeds").glob("*.txt"))] + [
    # escapes, lone surrogates, non-ASCII quotes and no attribution at all
    'He said "\x1b[31mno\u202e" \ud800, officials told Reuters. \u201cFine,\u201d she said.',
    "",  # no sentence: every list empty
]


@pytest.mark.parametrize("text", TEXTS)
def test_streamed_json_is_byte_identical_to_json_dumps(text: str) -> None:
    analysis = analyse(Article(id="a", text=text), RULESET)
    assert one_line_json(to_contract(analysis, lazy=True)) == json.dumps(to_contract(analysis), ensure_ascii=True)
