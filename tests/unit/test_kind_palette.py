"""The source-kind colours of the dashboard: readable on each theme's backgrounds, and every kind a
fact-checker tells apart distinct from the others in both themes."""

from __future__ import annotations

import itertools

import pytest
from textual.app import App

from dashboard.tui.palette import BACKGROUNDS, COLOURS, GROUP_OF, GROUPS, group, kind_style


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    r, g, b = (_linear(c) for c in _rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5


# Two colours this far apart (CIE76) are told apart at a glance; 2.3 is "just noticeable".
DISTINCT = 20.0


def test_the_backgrounds_are_textuals() -> None:
    # The contrast below is computed on the colours Textual paints the panels with.
    app: App[None] = App()
    for theme, (background, surface) in BACKGROUNDS.items():
        app.theme = theme
        variables = app.get_css_variables()
        assert (variables["background"].upper(), variables["surface"].upper()) == (background, surface)


@pytest.mark.parametrize("theme", sorted(COLOURS))
def test_every_kind_reads_on_its_theme(theme: str) -> None:
    for name, colour in COLOURS[theme].items():
        for background in BACKGROUNDS[theme]:
            assert contrast(colour, background) >= 4.5, (theme, name, colour, background)


@pytest.mark.parametrize("theme", sorted(COLOURS))
def test_every_kind_has_its_own_colour(theme: str) -> None:
    assert set(COLOURS[theme]) == set(GROUPS)
    for a, b in itertools.combinations(GROUPS, 2):
        assert delta_e(COLOURS[theme][a], COLOURS[theme][b]) >= DISTINCT, (theme, a, b)


@pytest.mark.parametrize("kinds", [
    # what the issue found: state media and aggregators alike in the dark theme
    ("state_media", "aggregator"),
    # the kinds that shared bold cyan
    ("wire", "newspaper"), ("government", "ngo"), ("person", "group"), ("group", "anonymous"),
])
def test_kinds_once_alike_now_differ(kinds: tuple[str, str]) -> None:
    for dark in (True, False):
        assert kind_style(kinds[0], dark=dark) != kind_style(kinds[1], dark=dark)


def test_every_kind_the_engine_knows_has_a_group() -> None:
    from dashboard.report.sourcemix import LABELS

    assert all(k is None or k in GROUP_OF for k in LABELS)
    assert group("newspaper") == group("broadcaster") == "press"  # the legend says the press shares one
    assert group("wire", vague=True) == "vague"


def test_people_are_not_white_on_light_grey() -> None:
    light = kind_style("person", dark=False)
    assert contrast(light.split()[-1], BACKGROUNDS["textual-light"][0]) >= 4.5
