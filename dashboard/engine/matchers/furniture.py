"""Provides furniture patterns as `regex` compiles them, and the matching of one article's lines
with each pattern's time budget for that article (FurnitureScan)."""

from __future__ import annotations

import re
from time import perf_counter, thread_time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Protocol

    class Identified(Protocol):
        """A rule, as far as a scan needs one: its id."""

        id: str

# A furniture pattern gets this long on one line before it is abandoned for the rest of the
# article (catastrophic backtracking)...
PATTERN_TIMEOUT = 0.05
# ...and this long over all the lines of one article, plus PATTERN_SECONDS_PER_MIB for each MiB
# of its text: a pattern that stays under the per-line limit on every line (polynomial
# backtracking, such as (\w+\s?)*$ on lines of words) would otherwise cost minutes on a large
# article. Sound patterns cost time in proportion to the text: the slowest shipped one, the
# unanchored furniture-rights, spends 0.14-0.16 s on a 2 MiB article of 18,800 lines (out of
# 1.25 s there), so a large article (--max-bytes goes up to 1 GiB) never runs it out.
ARTICLE_PATTERN_BUDGET = 0.25
PATTERN_SECONDS_PER_MIB = 0.5


_NOT_COMBINABLE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?[a-zA-Z^]+\)|\(\?[-a-zA-Z]*[xX]")


def compile_pattern(pattern: str, flags: int) -> Any:
    """A furniture pattern compiled with `regex`, whose searches take a timeout: every pattern,
    the shipped pack's too (a file under rules/ is no proof of who wrote it; `regex` costs 8 ms
    to import)."""
    import regex

    return regex.compile(pattern, flags)  # re.IGNORECASE == regex.IGNORECASE


def combinable(pattern: str) -> bool:
    """Whether a pattern starts at the line start and keeps its meaning inside an alternation."""
    return pattern.startswith("^") and not _NOT_COMBINABLE.search(pattern)


def pattern_match(pattern: Any, line: str) -> bool:
    """Whether a furniture pattern matches one line on its own (`rules test`); a search that
    takes longer than PATTERN_TIMEOUT counts as no match. Articles use a FurnitureScan."""
    try:
        return pattern.search(line, timeout=PATTERN_TIMEOUT) is not None
    except TimeoutError:
        return False


def article_budget(size: int) -> float:
    """The seconds each furniture pattern may spend on an article of `size` characters."""
    return ARTICLE_PATTERN_BUDGET + PATTERN_SECONDS_PER_MIB * size / (1 << 20)


class FurnitureScan:
    """Furniture matching over one article, with each pattern's time budget for that article.

    The compiled patterns are shared by every article of a run (and sent to worker processes), so what a
    pattern has cost is kept here, per article: the seconds each pattern has spent, the patterns
    given up on (after PATTERN_TIMEOUT on one line, or `budget` seconds in all), and for each
    rule given up on, its id and the offset of the line where that happened (`gave_up`). A
    pattern given up on matches nothing for the rest of the article; the next article tries it
    afresh."""

    def __init__(self, anchored: Any, others: Sequence[tuple[Identified, Any]], budget: float) -> None:
        self.anchored = anchored  # the patterns anchored at the line start, as one (or None)
        self.others = others  # (rule, pattern) of every other pattern
        self.budget = budget
        # Seconds spent by each pattern, by rule id ("": the combined anchored pattern); a
        # pattern given up on is set to the whole budget.
        self.spent: dict[str, float] = {}
        self.gave_up: list[tuple[str, int]] = []
        # Spent time is measured on the wall clock (cheap), which also counts time this thread
        # was not running; a pattern that seems over its budget is held to this thread's CPU
        # time since the scan began, an upper bound on its own, so that a busy machine (a CI
        # runner) never makes a sound pattern look slow. regex's own per-line timeout counts CPU.
        self.cpu_start = thread_time()

    def may_be_furniture(self, line: str, offset: int) -> bool:
        """False only when no furniture pattern can match the line (at `offset` in the text)."""
        combined = self.anchored
        if combined is not None and self.match(None, combined, line, offset, anchored=True) is not False:
            return True  # found, or the combined search gave up: each pattern answers for itself
        return any(self.match(rule, pattern, line, offset) for rule, pattern in self.others)

    def match(self, rule: Identified | None, pattern: Any, line: str, offset: int, *,
              anchored: bool = False) -> bool | None:
        """Whether the pattern of `rule` (None: the combined anchored pattern) matches the line at
        `offset`; None once the pattern has been given up on in this article.
        `anchored`: every alternative starts with ^, so only the line start need be tried."""
        key = rule.id if rule is not None else ""
        spent = self.spent.get(key, 0.0)
        budget = self.budget
        if spent >= budget:
            return None
        left = budget - spent
        timeout = PATTERN_TIMEOUT if left > PATTERN_TIMEOUT else left
        started = perf_counter()
        try:
            # (string, pos, endpos, concurrent, partial, timeout), as regex's own module calls it:
            # by keyword, regex takes 2 us more to parse the call than to search a short line.
            found: bool | None = (pattern.match if anchored else pattern.search)(
                line, None, None, None, False, timeout) is not None
        except TimeoutError:
            found = None
        spent += perf_counter() - started
        if found is not None and spent >= budget:
            spent = min(spent, thread_time() - self.cpu_start)
        if found is None or spent >= budget:
            spent = budget
            if rule is not None:  # the combined pattern is no rule: its rules are tried one by one
                self.gave_up.append((rule.id, offset))
        self.spent[key] = spent
        return found
