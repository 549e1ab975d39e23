"""Provides the one decision whether `biasdash` writes colour to a stream (--color, NO_COLOR,
FORCE_COLOR, a terminal or not), and the colouring of what it colours: the severity of each
finding `check` prints and the word "error" of an error on stderr. The dashboard decides for
itself (Textual reads NO_COLOR); nothing here is used by it."""

from __future__ import annotations

import re

from ..runtime.terminal import is_terminal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

COLOR_CHOICES = ("auto", "always", "never")
# SGR codes: what each severity is shown in. The word stays, so colour is never the only mark.
SEVERITY_STYLE = {"error": "1;31", "warning": "33", "info": "36"}
_RESET = "\x1b[0m"
# `path:line:column: severity ` at the start of a finding line (report/records.py finding_lines),
# and `path:line:column: error:` in an error message; the path is the shortest that fits.
_FINDING = re.compile(r"^(.*?:\d+:\d+: )(error|warning|info)( )")
_ERROR = re.compile(r"^(.*?:\d+:\d+: )(error)(:)")


def wants_colour(choice: str | None, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to colour what is written to `stream`. `choice` is --color as given (None when it
    was not): `always` and `never` decide; otherwise a non-empty NO_COLOR says no, a non-empty
    FORCE_COLOR (other than 0 or false) says yes, TERM=dumb says no, and else colour goes only to
    a terminal."""
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", "").lower() not in ("", "0", "false"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def paint(text: str, style: str) -> str:
    """`text` in the SGR `style` ("1;31"), reset after."""
    return f"\x1b[{style}m{text}{_RESET}"


def paint_finding(line: str) -> str:
    """A finding line (`path:1:2: warning check: message`) with its severity coloured; any other
    line as it is. Lines are terminal-safe already (ESC shown as \\x1b), so the only escapes in
    the result are these."""
    return _FINDING.sub(lambda m: m.group(1) + paint(m.group(2), SEVERITY_STYLE[m.group(2)]) + m.group(3),
                        line, count=1)


def paint_error(message: str) -> str:
    """An error message (`path:1:1: error: ...`) with the word error in red; others as they are."""
    return _ERROR.sub(lambda m: m.group(1) + paint(m.group(2), SEVERITY_STYLE["error"]) + m.group(3),
                      message, count=1)
