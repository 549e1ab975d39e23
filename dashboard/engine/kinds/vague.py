"""Provides the `vague` kind: attributions to no one in particular ("experts say", "sources
said") and cue-less ones ("reportedly", "it is believed")."""

from __future__ import annotations

from ..matchers import PhraseMatcher, phrase_tokens
from .base import Field, Kind, Rule, is_text_list, texts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..analysis import Analysis


class VagueRule(Rule):
    """Attributions to no one in particular ("experts say", "sources said")."""

    phrases: tuple[str, ...] = ()
    standalone: tuple[str, ...] = ()


def validate(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    if not values.get("phrases") and not values.get("standalone"):
        fail(None, "a vague rule needs `phrases` or `standalone`")


def compile_vague(rules: list[VagueRule]) -> dict[str, PhraseMatcher]:
    vague, standalone = PhraseMatcher(), PhraseMatcher()
    for rule in rules:
        for phrase in rule.phrases:
            vague.add(phrase_tokens(phrase), rule)
        for phrase in rule.standalone:
            standalone.add(phrase_tokens(phrase), rule)
    vague.freeze()
    standalone.freeze()
    return {"vague": vague, "standalone": standalone}


def took_part(rule: VagueRule, analysis: Analysis) -> bool:
    return any(a.vague_rule == rule.id for a in analysis.attributions)


KIND = Kind(
    name="vague",
    summary="Attributions to no one in particular.",
    record=VagueRule,
    fields={
        "phrases": Field("list of str", 'vague source noun phrases ("experts", "some analysts", '
                                        '"people familiar with the matter", "sources"); a source '
                                        "span whose head matches makes the attribution `vague`",
                         is_text_list, convert=texts),
        "standalone": Field("list of str", 'cue-less vague attributions ("reportedly", "allegedly", '
                                           '"it is believed")', is_text_list, convert=texts),
    },
    example=("yield a vague attribution flagged by this rule", "yield none flagged by this rule"),
    took_part=took_part,
    validate=validate,
    compile=compile_vague,
)
