"""Provides the dashboard's handling of SIGTERM, SIGHUP and SIGINT: they close it as `q` does
(terminal restored, workers stopped), with the exit code of a process killed by them.

Nothing here imports Textual: the app gives the callback that closes it.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any

# 128 + the signal number, as the command line documents.
EXIT_SIGNALS = {signal.SIGTERM: 143, signal.SIGHUP: 129, signal.SIGINT: 130}


class Signals:
    """The handlers installed on the running event loop, with what they replaced."""

    def __init__(self) -> None:
        self._installed: list[tuple[int, Any]] = []

    def catch(self, close: Callable[[int], None]) -> None:
        """Have each signal call close(exit code).

        Left alone when ignored (started with nohup, or as a background job) or when this is not
        the main thread (no signal can be caught there).
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for signum, code in EXIT_SIGNALS.items():
            try:
                previous = signal.getsignal(signum)
                if previous == signal.SIG_IGN:
                    continue
                loop.add_signal_handler(signum, close, code)
            except (ValueError, RuntimeError, NotImplementedError, OSError):
                continue
            self._installed.append((signum, previous))

    def release(self) -> None:
        """Put back what was there before."""
        installed, self._installed = self._installed, []
        for signum, previous in installed:
            try:
                asyncio.get_running_loop().remove_signal_handler(signum)
                if previous is not None:
                    signal.signal(signum, previous)
            except (ValueError, RuntimeError, OSError):
                pass
