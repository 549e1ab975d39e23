"""Source kinds in the dashboard: the theme's own colours after `t`, and under NO_COLOR a label
after each source in the text and the kind in words in the source mix."""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.widgets import OptionList, Static
from tui_helpers import SIZE, make_app, option_prompts, run, settle, shown, static_text

from dashboard.tui.palette import COLOURS, LABELS
from dashboard.tui.screens.help import HelpScreen
from dashboard.tui.widgets.article_text import ArticleText

pytestmark = pytest.mark.usefixtures("at_repo")

SEED_002 = "002_d6d61b5716b39101"  # KCNA (state media), AP and Reuters (wire), Yahoo News (aggregator)


def paragraphs(app: object) -> list[Text]:
    texts = []
    for widget in app.query_one(ArticleText).query(".paragraph").results(Static):  # type: ignore[attr-defined]
        content = widget.content  # the Rich Text the panel was given
        assert isinstance(content, Text)
        texts.append(content)
    return texts


def colour_of(texts: list[Text], words: str) -> str:
    """The colour the text paints `words` (an article's phrase) in, as #RRGGBB."""
    for text in texts:
        at = text.plain.find(words)
        if at < 0:
            continue
        style = Style()
        for span in text.spans:
            if span.start <= at < span.end:
                style += Style.parse(span.style) if isinstance(span.style, str) else span.style
        assert style.color is not None, f"{words!r} is not coloured"
        return style.color.triplet.hex.upper() if style.color.triplet else str(style.color.name)
    raise AssertionError(f"{words!r} is not in the text")


async def _show_the_rewrite(pilot: Any) -> None:
    """The seeds scored, and the second, the rewrite that credits KCNA, AP, Yahoo News and
    Reuters, selected and analysed."""
    await settle(pilot)
    await pilot.press("down")
    await settle(pilot)


def test_the_text_and_source_mix_take_the_light_palette_after_t() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await _show_the_rewrite(pilot)
            assert app.current().article.id == SEED_002
            dark = COLOURS["textual-dark"]
            assert colour_of(paragraphs(app), "Korean Central News Agency") == dark["state_media"]
            assert colour_of(paragraphs(app), "Associated Press") == dark["wire"]
            await pilot.press("t")
            await pilot.pause()
            assert app.theme == "textual-light"
            light = COLOURS["textual-light"]
            texts = paragraphs(app)
            assert colour_of(texts, "Korean Central News Agency") == light["state_media"]
            assert colour_of(texts, "Reuters") == light["wire"]
            assert colour_of(texts, "Yahoo News") == light["aggregator"]
            mix = app.query_one("#sources", OptionList)
            prompts = [mix.get_option_at_index(i).prompt for i in range(mix.option_count)]
            reuters = next(p for p in prompts if isinstance(p, Text) and "Reuters" in p.plain)
            assert colour_of([reuters], "Reuters") == light["wire"]
            await pilot.press("t")
            await pilot.pause()
            assert colour_of(paragraphs(app), "Korean Central News Agency") == dark["state_media"]

    run(body())


def test_without_colour_each_source_is_labelled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await _show_the_rewrite(pilot)
            text = "\n".join(t.plain for t in paragraphs(app))
            assert "Korean Central News Agency[state]" in text
            assert "the Associated Press[wire]" in text and "Reuters[wire]" in text
            assert "Yahoo News[agg]" in text
            assert "The Chinese president[person]" in text
            # Groups and governments as the source mix names them.
            assert "two Asian countries[group]" in text
            assert "[state]" in shown(app.query_one("#legend"))
            # The kind in words in the source mix, whatever the width leaves of the name.
            prompts = option_prompts(app.query_one("#sources", OptionList))
            assert any("· state media" in p for p in prompts) and any("· wire" in p for p in prompts)
            # Jumping to a source still lands on its words (the labels shift no offset).
            sources = app.query_one("#sources", OptionList)
            sources.focus()
            index = next(i for i, p in enumerate(option_prompts(sources)) if "Reuters" in p)
            sources.highlighted = index
            await pilot.press("enter")
            await pilot.pause()
            assert "Reuters" in static_text(app.query_one("#detail", Static))
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            helped = "\n".join(static_text(w) for w in app.screen.query(Static))
            assert "[agg]    news aggregator" in helped and "[state]  state media" in helped

    run(body())


def test_with_colour_the_text_has_no_labels() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await _show_the_rewrite(pilot)
            text = "\n".join(t.plain for t in paragraphs(app))
            assert "the Associated Press reported" in text
            assert not any(f"[{label}]" in text for label, _ in LABELS.values())

    run(body())
