"""The dashboard shows what the engine and the rules say, without working it out again: score
cards coloured by the findings (under any config), the attribution's pattern in its description,
and every action reachable from the command palette as from its key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Input, Static
from tui_helpers import REPO, SIZE, make_app, run, settle, static_text, until

from dashboard.runtime.config import load_config
from dashboard.tui.app import RuleSource
from dashboard.tui.panels import PANELS
from dashboard.tui.widgets.source_mix import SourceMix, describe

pytestmark = pytest.mark.usefixtures("at_repo")

# Eight sentences, two of them attributed: an attribution density of 25%, above the default
# rules' minimum (20%) and below sample_configs/newsroom-review.toml's (30%).
PORT = ("Port talks resume\n\nTalks on the new port resumed on Monday. The minister said the plan "
        "would go ahead. The harbour is old. Ships wait for days. The cranes are rusty. Costs have "
        "risen. Officials said work could start in May.\n")


def newsroom_rules() -> RuleSource:
    """The rules as `biasdash --config sample_configs/newsroom-review.toml` gives them to the app."""
    config = load_config(REPO / "sample_configs" / "newsroom-review.toml")
    return RuleSource(config.rules, config.default_rules, config.disable, config.rule_overrides())


def colour_of(widget: Widget, text: str) -> str | None:
    """The colour the widget paints `text` in (the first painted segment that is that text)."""
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            if segment.text.strip() == text and segment.style is not None and segment.style.color:
                return segment.style.color.name
    return None


async def density_card(tmp_path: Path, rules: RuleSource) -> tuple[str | None, dict[str, str]]:
    """The density card's colour for the port article, and its findings (check -> severity)."""
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / "port.txt").write_text(PORT, encoding="utf-8")
    app = make_app([str(folder)], rules=rules)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        analysis = app.current()
        assert analysis is not None and analysis.metrics["attribution_density"] == 0.25
        return colour_of(app.query_one("#cards"), "25%"), {f.check: f.severity for f in analysis.findings}


def test_a_card_beside_a_warning_is_not_green_under_the_newsroom_config(tmp_path: Path) -> None:
    colour, findings = run(density_card(tmp_path, newsroom_rules()))
    assert findings.get("min-attribution-density") == "warning"
    assert colour == "yellow", f"the density card is {colour} beside a warning on its metric"


def test_the_same_card_is_green_when_the_default_rules_find_nothing(tmp_path: Path) -> None:
    colour, findings = run(density_card(tmp_path, RuleSource([], True, frozenset(), {})))
    assert "min-attribution-density" not in findings
    assert colour == "green"


def test_an_attribution_says_which_pattern_found_it() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            analysis = app.current()
            sources = app.query_one(SourceMix)
            sources.focus()
            await pilot.press("down", "enter")  # the first source (the heading is skipped)
            await pilot.pause()
            detail = static_text(app.query_one("#detail", Static))
            row = sources.targets[sources.highlighted or 0]
            assert row is not None
            first = next(a for a in analysis.attributions if a.cue == row.first)
            assert detail.startswith("attribution to ")
            assert analysis.article.text[first.cue.start:first.cue.end] in detail
            if first.pattern:  # (filled in by the attribution stage)
                assert f"found by: {first.pattern}" in detail
            # As plain text, whatever the pattern is called.
            named = describe(analysis, first._replace(pattern="[bold]after-verb", why=None))
            assert named.endswith("; found by: [bold]after-verb")
            assert "found by" not in describe(analysis, first._replace(pattern=""))

    run(body())


def test_every_palette_command_does_what_its_key_does() -> None:
    """Each panel is hidden from the command palette as by its number key."""
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for panel in [p for p in PANELS if p.key]:
                widget = app.query_one(f"#{panel.id}")
                assert widget.display
                await pilot.press("ctrl+p")
                await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
                app.screen.query_one(Input).value = f"Toggle {panel.name}"
                await pilot.pause(0.3)  # the palette searches in the background
                await pilot.press("enter")
                await until(pilot, lambda w=widget: not w.display, f"Toggle {panel.name} to hide it")
                await pilot.press(panel.key)
                assert widget.display

    run(body())


def test_the_session_state_needs_no_terminal_library() -> None:
    """Rules, watching, analyses and runs can be driven without Textual (or Rich) loaded."""
    code = ("import sys, dashboard.tui.session, dashboard.tui.signals; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


def test_an_attribution_to_a_pronoun_says_who_it_refers_to() -> None:
    from dashboard.engine.pipeline import analyse
    from dashboard.runtime.articles import load_file
    from dashboard.runtime.rulepacks import load_rules

    analysis = analyse(next(iter(load_file(str(REPO / "seeds" / "002_d6d61b5716b39101.txt")))), load_rules())
    text = analysis.article.text
    he = next(a for a in analysis.attributions if a.source and text[a.source.start:a.source.end] == "He")
    assert "attribution to 'He' = " in describe(analysis, he)
    assert "(person)" in describe(analysis, he)
    reuters = next(a for a in analysis.attributions if a.source_id == "reuters")
    assert "attribution to 'Reuters' [reuters]" in describe(analysis, reuters)  # its own name: said once
    if reuters.why is not None:  # the learned layer decided: why, in the same line
        assert f"model p={reuters.why[0]:.2f}" in describe(analysis, reuters)
