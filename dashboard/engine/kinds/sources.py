"""Provides the `sources` kind: the sources a statement can be attributed to (outlets, wires,
state media, agencies), with their names, aliases, web domains and media kind."""

from __future__ import annotations

from ..matchers import SourceIndex
from .base import Field, Kind, Rule, is_text, is_text_list, one_of, texts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..analysis import Analysis

SOURCE_KINDS = (
    "state_media", "wire", "aggregator", "public_broadcaster", "newspaper", "broadcaster",
    "magazine", "online", "government", "intergovernmental", "ngo", "think_tank", "company",
    "other",
)


class SourceRule(Rule):
    """A source statements can be attributed to: its names, web domains and kind."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    source_kind: str = "other"
    country: str = ""


def _lower_domains(v: list[str]) -> tuple[str, ...]:
    return tuple(d.lower() for d in v)


def validate(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    if "name" in values:  # the name is matched as one of the aliases, first
        values["aliases"] = tuple(dict.fromkeys((values["name"], *values.get("aliases", ()))))


def compile_sources(rules: list[SourceRule]) -> dict[str, SourceIndex]:
    return {"sources": SourceIndex(rules)}


def took_part(rule: SourceRule, analysis: Analysis) -> bool:
    return any(a.source_id == rule.id for a in analysis.attributions)


KIND = Kind(
    name="sources",
    summary="Wire services, state media, aggregators and other outlets a statement can be credited to.",
    record=SourceRule,
    fields={
        "name": Field("str", 'display name, e.g. "Korean Central News Agency" (also matched)',
                      is_text, required=True),
        "aliases": Field("list of str", 'other names and abbreviations: "KCNA", "North Korea\'s '
                                        'state news agency"', is_text_list, convert=texts),
        "domains": Field("list of str", "registered domains: `kcna.kp` (matched with tldextract's "
                                        "bundled suffix list)", is_text_list, convert=_lower_domains),
        "kind": Field("str", ", ".join(f"`{k}`" for k in SOURCE_KINDS), one_of(SOURCE_KINDS),
                      required=True, attr="source_kind"),
        "country": Field("str", "ISO 3166-1 alpha-2 code (`KP`, `CN`, `US`, ...) or `INT`", is_text),
    },
    example=("yield an attribution whose `source_id` is this rule's id",
             "yield no attribution with this `source_id`"),
    took_part=took_part,
    validate=validate,
    compile=compile_sources,
    notes="A source is found by exact alias (case-insensitive for aliases of 4+ characters; "
          "all-caps aliases such as `AP` or `RT` match only in capitals), by an alias inside a "
          "longer source phrase (\"China's official Xinhua News Agency\", \"the state-run Korean "
          "Central News Agency (KCNA)\"), by fuzzy match with rapidfuzz for small misspellings "
          "(\"Xinhau News Agency\"), and by domain (\"reuters.com reported\").",
)
