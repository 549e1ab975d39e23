"""`score --format csv` is written by pandas a frame of CSV_CHUNK rows at a time: the same bytes
as one frame of the whole corpus, whatever the chunk, with unknown values empty and counts whole."""

from __future__ import annotations

import io

import pytest

from dashboard.report.frame import csv_frame, write_csv
from dashboard.report.table import COLUMNS, FLOAT_COLUMNS, TEXT_COLUMNS

COUNTS = [c for c in COLUMNS if c not in TEXT_COLUMNS and c not in FLOAT_COLUMNS]
SHARES = sorted(FLOAT_COLUMNS)


def _rows() -> list[dict]:
    rows = []
    for k in range(7):
        values: dict = {"id": f"a{k}", "title": "=HYPERLINK(1)" if k == 3 else f"Title {k}", "outlet": "Wire"}
        values.update(dict.fromkeys(COUNTS, k))
        values.update(dict.fromkeys(SHARES, 0 if k % 2 else k / 7))  # whole zeros among floats
        if k == 5:  # a chunk where a count and a share are unknown
            values[COUNTS[0]] = None
            values[SHARES[0]] = None
        rows.append(values)
    return rows


def _csv(rows: list[dict], chunk: int) -> str:
    out = io.StringIO(newline="")
    write_csv(rows, out, chunk=chunk)
    return out.getvalue()


@pytest.mark.parametrize("chunk", [1, 2, 5, 7, 1000])
def test_the_csv_is_the_same_whatever_the_chunk(chunk: int) -> None:
    whole = csv_frame(_rows()).to_csv(index=False, lineterminator="\n")
    assert _csv(_rows(), chunk) == whole


def test_counts_stay_whole_shares_are_floats_and_formulas_are_defused() -> None:
    lines = _csv(_rows(), 2).splitlines()
    assert lines[0] == ",".join(COLUMNS)
    header = lines[0].split(",")
    row1 = dict(zip(header, lines[2].split(",")))  # k = 1: shares are 0, counts 1
    assert row1[COUNTS[0]] == "1" and row1[SHARES[0]] == "0.0"
    row5 = dict(zip(header, lines[6].split(",")))  # unknowns empty; the other counts not "5.0"
    assert row5[COUNTS[0]] == "" and row5[SHARES[0]] == "" and row5[COUNTS[1]] == "5"
    assert "'=HYPERLINK(1)" in lines[4]


def test_no_rows_is_the_header_alone() -> None:
    assert _csv([], 3) == ",".join(COLUMNS) + "\n"
