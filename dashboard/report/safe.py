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

# Shown one character for one, so that every offset into the article still points at its
# character: each kind of space (tab, no-break, thin, ideographic, line and paragraph separators,
# and the whitespace controls) as a space; a control that would act on the terminal as its
# control picture (ESC as ␛, DEL as ␡); a C1 control, a bidi control (Trojan Source) or a lone
# surrogate as �. Format characters that a terminal does not act on (soft hyphen, zero-width
# joiner of an emoji sequence, word joiner) are left as written.
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" \
          "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_AS_WRITTEN = {ord(c): " " for c in _SPACES}
_AS_WRITTEN.update({code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in _SPACES})
_AS_WRITTEN[0x7F] = "\u2421"
_AS_WRITTEN.update({code: "\ufffd" for code in range(0x80, 0xA0) if chr(code) not in _SPACES})
_AS_WRITTEN.update({ord(c): "\ufffd" for c in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                    "\u2066\u2067\u2068\u2069"})
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str, *, keep_newlines: bool = False) -> str:
    """Text safe to print: control and bidi characters shown as visible escapes (\\x1b)."""
    pattern = _CONTROL if keep_newlines else _CONTROL_NO_NEWLINES
    return pattern.sub(_escape, text)


def as_written(text: str) -> str:
    """The text as a terminal should show it, one character for one (offsets stay valid): spaces
    of every kind as spaces, controls that would act on the terminal as visible marks."""
    return _SURROGATE.sub("\ufffd", text.translate(_AS_WRITTEN))


def encodable(text: str) -> str:
    """Text with each lone surrogate (which no UTF-8 file, and no Arrow string, can hold) as a
    visible escape (\\ud800); everything else as written."""
    return _SURROGATE.sub(_escape, text)


def defuse_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ get a leading ')
    and that shows control characters as escapes."""
    if not isinstance(value, str):
        return value
    value = plain(value, keep_newlines=True)
    return "'" + value if value.startswith(FORMULA_START) else value
