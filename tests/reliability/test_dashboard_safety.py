"""The dashboard never crashes, freezes, or lets a file name drive the terminal.

Driven headless with Textual's Pilot (and, for what reaches a real terminal and for signals, as
`python -m dashboard` under a pseudo-terminal): file names with escape sequences and markup, tiny
terminals, rule files that vanish or turn into folders and pipes while watched, a flood of rule
edits, an article slow to analyse, exports in the same second, SIGTERM and SIGHUP.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from reliability_helpers import PROJECT, SEEDS
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

import dashboard.tui.session as session_module
from dashboard.tui.app import BiasDashApp, RuleSource

sys.path.insert(0, str(PROJECT / "tests"))
from rule_snippets import loaded_rule

T = TypeVar("T")
SIZE = (160, 48)
# Hang guards, not timings: every wait below ends in well under a second when all is well.
GUARD_SECONDS = 60.0
BLOCK_SECONDS = 10.0
SEED_000, SEED_002 = "000_19cab8bc42d06589", "002_d6d61b5716b39101"


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


def make_app(paths: list[str], rules: RuleSource | None = None, **kwargs: Any) -> BiasDashApp:
    kwargs.setdefault("watch", False)
    kwargs.setdefault("jobs", 1)
    return BiasDashApp(paths, rules or RuleSource([], True, frozenset(), {}), **kwargs)


def busy(app: BiasDashApp) -> bool:
    return bool(getattr(app, "busy", app.scoring))


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], guard: float = GUARD_SECONDS) -> bool:
    deadline = time.monotonic() + guard
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.01)
    return True


async def settle(pilot: Pilot[Any]) -> None:
    """Scoring, rule reading and the selected article's analysis done, their messages handled."""
    app = pilot.app
    deadline = time.monotonic() + GUARD_SECONDS
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not busy(app) or time.monotonic() > deadline:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    await pilot.pause()


def screen_text(app: BiasDashApp) -> str:
    """The whole screen as plain text, borders and notifications included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def painted(widget: Any) -> str:
    """The lines a widget paints, as plain text."""
    if isinstance(widget, DataTable):
        widget._clear_caches()
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def static_text(widget: Static) -> str:
    content = widget.render()
    return getattr(content, "plain", None) or str(content)


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification's message, as handed to Textual to show (toasts expire; this does not)."""
    shown: list[str] = []
    real_notify = App.notify

    def notify(self: App[Any], message: str, **kwargs: Any) -> None:
        shown.append(str(message))
        real_notify(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", notify)
    return shown


# --- 1. file names with escape sequences and markup --------------------------------------

OSC_TITLE = "\x1b]0;pwned\x07"  # sets the terminal's window title
CLEAR = "\x1b[2J"  # clears the screen


def hostile_folder(tmp_path: Path) -> Path:
    """A folder whose name holds an OSC title sequence and the start of "[bold]x[/]" (a file name
    cannot hold "/"), with a good article and an empty one (a load error, so a notification)."""
    root = tmp_path / "corpus"
    folder = root / f"evil{OSC_TITLE}[bold]x["
    folder.mkdir(parents=True)
    (folder / f"]{CLEAR}good.txt").write_text("Officials said the talks went well, Reuters reported.\n",
                                              encoding="utf-8")
    (folder / f"]{CLEAR}empty.txt").write_text("", encoding="utf-8")
    return root


def test_file_names_with_escapes_and_markup_are_shown_as_written(tmp_path: Path, notices: list[str]) -> None:
    root = hostile_folder(tmp_path)

    async def body() -> None:
        app = make_app([str(root)], export_dir=tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert len(app.rows) == 1 and len(app.load_errors) == 1
            screen = app.export_screenshot()
            # Nothing raw: not the ESC of the title or clear-screen sequence, nor the BEL.
            assert "\x1b" not in screen and "\x07" not in screen
            # The load error's notification names the file, escapes visible, markup literal.
            (error,) = [n for n in notices if "empty" in n]
            assert "\x1b" not in error and "\x07" not in error
            assert "\\x1b]0;pwned\\x07[bold]x[/]\\x1b[2Jempty.txt" in error
            # The text panel's border names the selected file the same way.
            assert "[bold]x[/]\\x1b[2Jgood.txt" in screen_text(app)
            await pilot.press("x")  # an export notice names a path too
            await pilot.pause()
            assert "\x1b" not in app.export_screenshot()
            assert all("\x1b" not in n and "\x07" not in n for n in notices)

    run(body())


def test_file_names_with_escapes_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    root = hostile_folder(tmp_path)
    out, status = run_in_pty([str(root)], cwd=tmp_path, until=b"empty", then=b"q")
    assert status is not None and os.WIFEXITED(status), "quit with q"
    assert b"could not read" in out, "the load error was shown"
    assert OSC_TITLE.encode() not in out and b"\x1b]0;" not in out
    assert CLEAR.encode() not in out
    assert b"\\x1b]0;pwned" in out, "shown as visible escapes instead"


# --- 2. tiny terminals ---------------------------------------------------------------------

@pytest.mark.parametrize("size", [
    (1, 1),  # Textual's option list fails to lay out at no width
    (5, 3),  # narrower than any panel's border
    (20, 10),  # a pane split many ways
    (40, 12),  # too small for the six panels: said so rather than drawn illegibly
    (59, 15),  # one cell short of the minimum either way
])
def test_a_tiny_terminal_shows_what_size_is_needed(size: tuple[int, int]) -> None:
    async def body() -> None:
        app = make_app([str(SEEDS)])
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("down")
            await pilot.pause()
            assert app.return_code is None, "still running"
            note = app.query_one("#too-small", Static)
            assert note.display and "terminal too small: need at least 60x16" in static_text(note)
            await pilot.press("q")
        assert app.return_code == 0

    run(body())


def test_resizing_down_and_up_while_scoring_never_crashes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    text = (SEEDS / f"{SEED_000}.txt").read_text(encoding="utf-8")
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "text": text}) + "\n" for i in range(300)),
                      encoding="utf-8")

    async def body() -> None:
        app = make_app([str(corpus)])
        async with app.run_test(size=SIZE) as pilot:
            assert await wait_for(pilot, lambda: len(app.rows) > 0)
            for size in [(20, 10), (1, 1), (160, 48), (5, 3), (80, 24), (40, 12), (1, 40), (200, 1),
                         (160, 48)]:
                await pilot.resize_terminal(*size)
                await pilot.pause()
                await pilot.pause()
                assert app.return_code is None, f"crashed at {size}"
            await settle(pilot)
            assert not app.query_one("#too-small").display
            assert "attribution" in painted(app.query_one("#cards")), "the panels are back"
            assert len(app.rows) == 300
        assert app.return_code in (None, 0)

    run(body())


# --- 3. a watched rule file that vanishes, or stops being a file ---------------------------

def treaty_pack(tmp_path: Path, terms: str = "treaty") -> tuple[Path, Path]:
    """A pack of two files: extra.yaml (the one the tests change) and base.yaml."""
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "base.yaml").write_text(loaded_rule("fiendish", "It was fiendish.", "loaded-test-base"),
                                    encoding="utf-8")
    rule_file = pack / "extra.yaml"
    rule_file.write_text(loaded_rule(terms, "The treaty was signed.", "loaded-test-treaty"), encoding="utf-8")
    return pack, rule_file


def delete(path: Path) -> None:
    path.unlink()


def to_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def to_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def unreadable(path: Path) -> None:
    path.chmod(0)


def restore(path: Path) -> None:
    """Remove what `change` left in the rule file's place."""
    if path.is_dir():
        path.rmdir()
    elif os.path.lexists(path):
        path.unlink()


@pytest.mark.parametrize("change, message", [
    (delete, "rule file was removed"),  # an editor's rename-and-write caught half-way, or rm
    (to_folder, "not a regular file"),  # a folder of the same name (its rules would vanish)
    (to_fifo, "not a regular file"),  # a named pipe: reading it would wait for a writer for ever
    pytest.param(unreadable, "cannot read: Permission denied",  # chmod 000
                 marks=pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")),
], ids=["deleted", "folder", "fifo", "unreadable"])
def test_a_rule_file_that_goes_away_keeps_the_last_good_rules_until_it_is_back(
        tmp_path: Path, change: Callable[[Path], None], message: str, notices: list[str]) -> None:
    pack, rule_file = treaty_pack(tmp_path)

    async def body() -> None:
        app = make_app([str(SEEDS)], RuleSource([pack], True, frozenset(), {}), watch=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "loaded-test-treaty" in app.ruleset.by_id and app.rule_error is None

            change(rule_file)
            app.check_rules()  # what the watch does within half a second
            await settle(pilot)
            assert app.return_code is None, "still running"
            assert app.rule_error is not None and f"{rule_file}:1:1: " in app.rule_error, app.rule_error
            assert message in app.rule_error
            assert "loaded-test-treaty" in app.ruleset.by_id, "the last good rules stay in force"
            status = static_text(app.query_one("#status", Static))
            assert "last good rules in force" in status
            assert any(message in n for n in notices)

            # Back again, edited meanwhile: read again by the watch.
            restore(rule_file)
            treaty_pack(tmp_path, "treaty, leaders")
            assert await wait_for(pilot, lambda: app.rule_error is None)
            await settle(pilot)
            assert "leaders" in app.ruleset.by_id["loaded-test-treaty"].terms
            assert "rules:" not in static_text(app.query_one("#status", Static))

            # Removed on purpose: r loads the rules without it.
            delete(rule_file)
            app.check_rules()
            await settle(pilot)
            assert app.rule_error is not None
            await pilot.press("r")
            await settle(pilot)
            assert app.rule_error is None and "loaded-test-treaty" not in app.ruleset.by_id

    run(body())


# --- 4. a flood of rule edits --------------------------------------------------------------

def test_a_flood_of_rule_edits_never_blocks_the_ui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack, rule_file = treaty_pack(tmp_path)
    real_load = RuleSource.load
    flood_over = threading.Event()
    reading = threading.Event()  # a read of the rules is waiting for the flood to end
    loads: list[bool] = []  # per read of the rules after startup: was it on the UI thread?
    blocked: list[bool] = []  # did that read wait in vain (the UI could not end the flood)?
    started = threading.Event()
    ui_thread = threading.get_ident()

    def slow_load(self: RuleSource) -> Any:
        if started.is_set():
            loads.append(threading.get_ident() == ui_thread)
            # A pack slow to read: the first read lasts as long as the edits go on.
            if not blocked:
                reading.set()
                blocked.append(not flood_over.wait(BLOCK_SECONDS * 3))
        return real_load(self)

    monkeypatch.setattr(RuleSource, "load", slow_load)
    saves = 0

    def flood() -> None:  # 50 saves a second, each a valid pack, until the test has pressed its keys
        nonlocal saves
        while not flood_over.is_set():
            saves += 1
            rule_file.write_text(loaded_rule(f"treaty, word{saves}", "The treaty was signed.",
                                             "loaded-test-treaty"), encoding="utf-8")
            time.sleep(0.02)

    async def body() -> None:
        app = make_app([str(SEEDS)], RuleSource([pack], True, frozenset(), {}), watch=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            started.set()
            editor = threading.Thread(target=flood, daemon=True)
            editor.start()
            answered = 0  # key presses that took effect while a read of the rules was under way
            deadline = time.monotonic() + GUARD_SECONDS
            try:
                while answered < 3 and not blocked and time.monotonic() < deadline:
                    table = app.query_one("#articles", DataTable)
                    before = table.cursor_row
                    await pilot.press("down" if before == 0 else "up")
                    if blocked:
                        break  # this press waited for the read to give up
                    assert table.cursor_row != before, "the key press took effect"
                    answered += reading.is_set()
                    await pilot.pause(0.05)
            finally:
                flood_over.set()
                editor.join(GUARD_SECONDS)
            assert answered == 3, "keys answered while the rules were being read"
            last = f"word{saves}"
            assert await wait_for(pilot, lambda: last in app.ruleset.by_id["loaded-test-treaty"].terms), \
                "the last save wins"
            await settle(pilot)
            assert app.rule_error is None

        assert loads and not any(loads), "rule files are read off the UI thread"
        assert blocked == [False], "the UI went on while a read waited"
        assert len(loads) <= 5 < saves, f"{len(loads)} reads for {saves} saves"

    run(body())


# --- 5. an article slow to analyse ---------------------------------------------------------

def test_a_slow_article_is_analysed_off_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    real_analyse = session_module.analyse
    release = threading.Event()
    started = threading.Event()
    released_in_time: list[bool] = []

    def slow_analyse(article: Any, ruleset: Any) -> Any:
        if article.id == SEED_002:  # a 2 MiB article takes seconds
            started.set()
            released_in_time.append(release.wait(BLOCK_SECONDS))
        return real_analyse(article, ruleset)

    monkeypatch.setattr(session_module, "analyse", slow_analyse)

    async def body() -> None:
        app = make_app([str(SEEDS)])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            cards = app.query_one("#cards")
            assert "391 words" in painted(cards)
            await pilot.press("down")  # the slow one
            assert await wait_for(pilot, started.is_set)
            assert app.selected == 1
            assert await wait_for(pilot, lambda: "scoring…" in painted(cards))
            assert "scoring…" in static_text(app.query_one("#detail", Static))
            before = app.theme
            await pilot.press("t")  # the UI answers meanwhile
            assert app.theme != before
            await pilot.press("up")  # and a selection made meanwhile is not held up by it
            await pilot.pause()
            assert "391 words" in painted(cards)
            release.set()
            await settle(pilot)
            # The stale analysis, finished now, does not replace the article shown.
            assert app.selected == 0 and "391 words" in painted(cards)
            await pilot.press("down")
            await settle(pilot)
            assert "551 words" in painted(cards)
        assert released_in_time == [True]

    run(body())


# --- 6. exports in the same second ---------------------------------------------------------

FROZEN = time.struct_time((2026, 11, 23, 10, 15, 2, 0, 327, 0))
STEM = "biasdash-20261123-101502"


@pytest.mark.parametrize("key, suffix", [
    ("x", "csv"),  # the article table
    ("j", "json"),  # the scores (written in the background)
    ("ctrl+s", "svg"),  # the screen
])
def test_exports_in_the_same_second_never_overwrite_a_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notices: list[str], key: str, suffix: str) -> None:
    real_strftime = time.strftime
    monkeypatch.setattr(time, "strftime", lambda fmt, when=None: real_strftime(fmt, FROZEN))
    out = tmp_path / "out"
    out.mkdir()
    precious = out / f"{STEM}.{suffix}"  # the user's own file of that name
    precious.write_text("precious\n", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("victim\n", encoding="utf-8")
    link = out / f"{STEM}-2.{suffix}"  # a link planted where the next export would go
    link.symlink_to(victim)

    async def body() -> None:
        app = make_app([str(SEEDS)], export_dir=out)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for _ in range(3):
                await pilot.press(key)
                await pilot.pause()
                await settle(pilot)
            written = [n for n in notices if n.startswith("wrote ")]
            assert len(written) == 3, notices
            for n in (3, 4, 5):
                assert any(f"{STEM}-{n}.{suffix}" in w for w in written), written

    run(body())
    assert precious.read_text(encoding="utf-8") == "precious\n"
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "victim\n"
    made = sorted(p.name for p in out.iterdir() if p not in (precious, link))
    assert made == [f"{STEM}-{n}.{suffix}" for n in (3, 4, 5)], "three new files, no temporary one"
    assert all((out / name).stat().st_size > 0 for name in made)


# --- 7. SIGTERM and SIGHUP -----------------------------------------------------------------

def run_in_pty(args: list[str], *, cwd: Path, until: bytes, then: bytes | None = None,
               signum: int | None = None) -> tuple[bytes, int | None]:
    """`python -m dashboard ARGS` on a 160x48 pseudo-terminal: once `until` has been written,
    type `then` or send `signum`; returns everything written and the wait status (None: it had
    to be killed after the hang guard)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: signals as at a fresh terminal (a test runner may ignore some)
        try:
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, signal.SIG_DFL)
            os.chdir(cwd)
            env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(PROJECT), COLUMNS="160", LINES="48")
            os.execve(sys.executable, [sys.executable, "-m", "dashboard", *args], env)
        finally:
            os._exit(127)
    import fcntl
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
    out = bytearray()
    acted = False
    deadline = time.monotonic() + GUARD_SECONDS
    status: int | None = None
    while time.monotonic() < deadline:
        if not acted and until in out:
            time.sleep(0.5)  # what follows the text (the rest of the frame) is drawn
            if then is not None:
                os.write(fd, then)
            if signum is not None:
                os.kill(pid, signum)
            acted = True
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError as exc:  # EIO: the child has closed the terminal
                if exc.errno != errno.EIO:
                    raise
                data = b""
            if not data:
                break
            out += data
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
        return bytes(out), None
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return bytes(out), status


@pytest.mark.parametrize("signum, code", [
    (signal.SIGTERM, 143),  # kill, systemd, a CI runner's timeout
    (signal.SIGHUP, 129),  # the terminal (an ssh session) went away
])
def test_a_signal_closes_the_dashboard_and_restores_the_terminal(
        tmp_path: Path, signum: int, code: int) -> None:
    out, status = run_in_pty([str(SEEDS)], cwd=tmp_path, until=b"articles", signum=signum)
    assert status is not None, "exited by itself"
    assert os.WIFEXITED(status), f"killed by signal {os.WTERMSIG(status) if os.WIFSIGNALED(status) else '?'}"
    assert os.WEXITSTATUS(status) == code
    entered = out.rfind(b"\x1b[?1049h")
    assert entered >= 0, "the dashboard was drawn in the alternate screen"
    tail = out[entered:]
    assert b"\x1b[?1049l" in tail, "left the alternate screen"
    assert b"\x1b[?1000l" in tail and b"\x1b[?1003l" in tail and b"\x1b[?1006l" in tail, "mouse off"
    assert b"Traceback" not in out


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_sets_the_return_code_and_stops_the_workers(signum: int, code: int) -> None:
    # In a child process: on the original code the signal would kill the test runner.
    script = f"""
import asyncio, os, signal, multiprocessing, json
from dashboard.tui.app import BiasDashApp, RuleSource
async def main():
    app = BiasDashApp([{str(SEEDS)!r}] * 40, RuleSource([], True, frozenset(), {{}}), watch=False, jobs=2)
    async with app.run_test(size=(160, 48)) as pilot:
        while not app.rows:
            await pilot.pause(0.01)
        os.kill(os.getpid(), {int(signum)})
        for _ in range(3000):
            if not app.is_running:
                break
            await pilot.pause(0.01)
    print(json.dumps([app.return_code, len(multiprocessing.active_children())]))
asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True,
                          timeout=GUARD_SECONDS, env=dict(os.environ, PYTHONPATH=str(PROJECT)))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == f"[{code}, 0]"


# --- a bug of the dashboard ----------------------------------------------------------------

def test_a_bug_in_the_dashboard_exits_3_never_1(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 is what a CI gate reads as "findings"; 3 is the command line's code for a bug.
    from dashboard.tui.widgets.article_list import ArticleList

    def broken(self: ArticleList) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ArticleList, "cycle_sort", broken)

    app = make_app([str(SEEDS)])

    async def body() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await pilot.pause()

    with pytest.raises(RuntimeError, match="a bug"):  # run_test re-raises what the app died of
        run(body())
    assert app.return_code == 3
