"""`e` on a finding: a rule shipped with biasdash is offered for copying into the user's pack
(never edited where it is installed); a rule of the user's own pack opens in $EDITOR directly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from textual.widgets import DataTable
from tui_helpers import SIZE, make_app, run, settle

from dashboard.runtime.rulecopy import copy_text
from dashboard.runtime.rulepacks import default_rules_dir, load_rules
from dashboard.tui.app import RuleSource
from dashboard.tui.rulecopy import CopyRuleScreen

RULE = "min-attribution-density"  # in the shipped checks.yaml
UNSOURCED = "The economy grew fast. Prices rose. Wages stalled. Rents doubled. Savings fell. Jobs vanished.\n"


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path (so ./rules-local is there) with an article that fails RULE and an
    $EDITOR that writes the arguments it was given to the file returned."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "unsourced.txt").write_text(UNSOURCED, encoding="utf-8")
    argv = tmp_path / "editor-argv"
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{argv}'\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return argv


def shipped_files() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(default_rules_dir().iterdir())}


async def press_e_on_the_finding(pilot: object) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    checks = app.query_one("#checks", DataTable)
    assert app.query_one("#checks").selected_finding().check == RULE
    checks.focus()
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def test_yes_copies_the_shipped_rule_into_rules_local_and_edits_the_copy(tmp_path: Path, editor: Path) -> None:
    before = shipped_files()

    async def body() -> None:
        app = make_app(["unsourced.txt"])
        async with app.run_test(size=SIZE) as pilot:
            await press_e_on_the_finding(pilot)
            assert isinstance(app.screen, CopyRuleScreen)
            assert not editor.exists()  # nothing runs before the answer
            await pilot.press("y")
            await settle(pilot)
            copy = tmp_path / "rules-local" / f"{RULE}.yaml"
            assert copy.read_text(encoding="utf-8") == copy_text(load_rules().by_id[RULE])
            assert editor.read_text(encoding="utf-8").split("\n")[:2] == ["+4", str(Path("rules-local") / copy.name)]
            # The pack is read from now on, and its copy is the rule in force.
            assert Path(app.ruleset.by_id[RULE].file).resolve() == copy.resolve()
            notes = [n.message for n in app._notifications]
            assert any("--rules rules-local" in n for n in notes), notes

    run(body())
    assert shipped_files() == before


def test_no_writes_nothing(tmp_path: Path, editor: Path) -> None:
    async def body() -> None:
        app = make_app(["unsourced.txt"])
        async with app.run_test(size=SIZE) as pilot:
            await press_e_on_the_finding(pilot)
            assert isinstance(app.screen, CopyRuleScreen)
            await pilot.press("n")
            await settle(pilot)
            assert not isinstance(app.screen, CopyRuleScreen)
            assert Path(app.ruleset.by_id[RULE].file).resolve().parent == default_rules_dir()

    run(body())
    assert not (tmp_path / "rules-local").exists() and not editor.exists()


def test_a_rule_of_the_users_pack_opens_directly(tmp_path: Path, editor: Path) -> None:
    pack = tmp_path / "rules-local"
    pack.mkdir()
    (pack / "mine.yaml").write_text(copy_text(load_rules().by_id[RULE]), encoding="utf-8")

    async def body() -> None:
        app = make_app(["unsourced.txt"], rules=RuleSource([Path("rules-local")], True, frozenset(), {}))
        async with app.run_test(size=SIZE) as pilot:
            await press_e_on_the_finding(pilot)
            assert not isinstance(app.screen, CopyRuleScreen)
            await settle(pilot)

    run(body())
    assert editor.read_text(encoding="utf-8").split("\n")[:2] == ["+4", str(Path("rules-local") / "mine.yaml")]
    assert sorted(p.name for p in pack.iterdir()) == ["mine.yaml"]
