"""biasdash works offline: with every way to reach the network patched to fail (and logged), `check`,
`score` and the dashboard run to completion in a subprocess and nothing tries to connect."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from reliability_helpers import SEEDS, assert_clean, run_subprocess

# Runs in the child: patch the socket module, then run the CLI or the dashboard. Worker processes
# are forked, so they inherit the patches; every attempt is appended to $NET_LOG before it fails.
WRAPPER = r'''
import os, socket, sys

LOG = os.environ["NET_LOG"]


def _deny(name):
    def deny(*args, **kwargs):
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {name} {args!r:.200}\n")
        raise OSError(f"network use attempted in a test: {name}")
    return deny


# (bind is left alone: urllib3, imported by tldextract, binds ::1 once to probe for IPv6 support)
for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _name, _deny("socket.socket." + _name))
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
              "gethostbyaddr", "getnameinfo"):
    setattr(socket, _name, _deny("socket." + _name))

mode, args = sys.argv[1], sys.argv[2:]
if mode == "probe":  # the canary: proves that an attempt is caught and logged
    import urllib.request
    try:
        urllib.request.urlopen("http://example.com/", timeout=2)
    except OSError:
        pass
    sys.exit(0)
if mode == "cli":
    from dashboard.cli import main
    sys.exit(main(args))

import asyncio
from dashboard.tui.app import BiasDashApp, RuleSource


async def run_app(paths):
    app = BiasDashApp(paths, RuleSource([], True, frozenset(), {}), watch=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        print("TUI", len(app.articles), len(app.load_errors), app.rule_error, flush=True)
        await pilot.press("q")
    return app.return_code


code = asyncio.run(run_app(args))
sys.exit(code or 0)
'''

DOMAINS = [
    {"id": "domains", "text": "Talks stalled on Monday, reuters.com reported. kcna.kp said the drills "
                              "were a provocation. According to xinhuanet.com, officials met.",
     "url": "https://www.example.co.uk/news/1", "outlet": "Example"},
    {"id": "plain", "text": "Officials said the talks failed, Reuters reported. \u201cWe will not give "
                            "in,\u201d the minister said."},
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in DOMAINS) + "\n", encoding="utf-8")
    return path


def _run(mode: str, args: list[str], tmp_path: Path, timeout: float = 30):
    log = tmp_path / "net.log"
    run = run_subprocess([mode, *args], prefix=["-c", WRAPPER], env={"NET_LOG": str(log)},
                         cwd=tmp_path, timeout=timeout)
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    return run, attempts


def test_the_patch_catches_a_connection(tmp_path: Path) -> None:
    run, attempts = _run("probe", [], tmp_path)
    assert run.code == 0
    assert "socket." in attempts


@pytest.mark.parametrize("command", [
    ["check", str(SEEDS)],                                    # folder: worker processes
    ["check", "-j", "1", str(SEEDS)],                         # in-process
    ["score", "--format", "jsonl", str(SEEDS)],
    ["score", "--format", "csv", str(SEEDS)],                 # pandas
], ids=["check-pool", "check-j1", "score-jsonl", "score-csv"])
def test_cli_on_seeds_offline(tmp_path: Path, command: list[str]) -> None:
    run, attempts = _run("cli", command, tmp_path)
    assert attempts == "", f"network use:\n{attempts}"
    assert_clean(run, limit=30)
    assert run.code in (0, 1)


@pytest.mark.parametrize("command", ["check", "score"])
def test_cli_on_jsonl_with_domains_offline(tmp_path: Path, corpus: Path, command: str) -> None:
    # domains in the text and a url: tldextract must use its bundled suffix list
    run, attempts = _run("cli", [command, "--format", "jsonl", str(corpus)], tmp_path)
    assert attempts == "", f"network use:\n{attempts}"
    assert_clean(run, limit=30)
    assert run.code in (0, 1)
    assert [r["id"] for r in run.records] == ["domains", "plain"]
    if command == "score":
        assert {"reuters", "kcna"} <= set(run.records[0]["sources"])  # found by domain


@pytest.mark.skipif(sys.platform == "win32", reason="headless Textual in a subprocess")
def test_dashboard_offline(tmp_path: Path, corpus: Path) -> None:
    run, attempts = _run("tui", [str(SEEDS), str(corpus)], tmp_path, timeout=60)
    assert attempts == "", f"network use:\n{attempts}"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.code == 0, run.stderr[-3000:]
    assert "TUI 4 0 None" in run.stdout  # two seeds and two JSONL articles, no error
