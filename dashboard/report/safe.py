"""Provides neutralising of article and rule text for terminals and spreadsheets."""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline kept only where asked), DEL, and the bidi controls that
# can make text read differently from what it is (Trojan Source).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff]")
_CONTROL_NO_NEWLINES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                                  "\ud800-\udfff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str, *, keep_newlines: bool = False) -> str:
    """Text safe to print: control and bidi characters shown as visible escapes (\\x1b)."""
    pattern = _CONTROL if keep_newlines else _CONTROL_NO_NEWLINES
    return pattern.sub(_escape, text)


def defuse_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ get a leading ')
    and that shows control characters as escapes."""
    if not isinstance(value, str):
        return value
    value = plain(value, keep_newlines=True)
    return "'" + value if value.startswith(FORMULA_START) else value
