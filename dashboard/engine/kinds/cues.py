"""Provides the `cues` kind: the words that mark an attribution ("said", "according to") and
where the source stands relative to them."""

from __future__ import annotations

from dataclasses import dataclass

from ..matchers import PhraseMatcher, phrase_tokens, verb_forms
from .base import Field, Kind, Rule, is_text_list, lower_texts, one_of, texts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..analysis import Analysis


class CueRule(Rule):
    """Words that mark an attribution ("said", "according to") and where the source stands."""

    verbs: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    neutrality: str = "neutral"
    source: str = "subject"
    excluded: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class CueEntry:
    """A cue phrase as the matcher holds it: its rule and where the source stands."""

    rule: CueRule
    after: bool  # source follows the cue ("according to X")
    verb: bool = False  # a reporting verb form, rather than a phrase such as "in a statement"


def validate(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    if not (values.get("verbs") or values.get("forms") or values.get("phrases")):
        fail(None, "a cue rule needs `verbs`, `forms` or `phrases`")


def compile_cues(rules: list[CueRule]) -> dict[str, PhraseMatcher]:
    """Every form of every verb, and every literal form and phrase, less what `except` names."""
    cues = PhraseMatcher()
    for rule in rules:
        after = rule.source == "after"
        excluded = {phrase_tokens(x) for x in rule.excluded}
        for verb in rule.verbs:
            words = phrase_tokens(verb)
            for form in verb_forms(words[0]):
                if (form, *words[1:]) not in excluded:
                    cues.add((form, *words[1:]), CueEntry(rule, after, verb=True))
        for form in rule.forms:
            if phrase_tokens(form) not in excluded:
                cues.add(phrase_tokens(form), CueEntry(rule, after, verb=True))
        for phrase in rule.phrases:
            if phrase_tokens(phrase) not in excluded:
                cues.add(phrase_tokens(phrase), CueEntry(rule, after))
    cues.freeze()
    return {"cues": cues}


def took_part(rule: CueRule, analysis: Analysis) -> bool:
    return any(a.cue_rule == rule.id for a in analysis.attributions)


KIND = Kind(
    name="cues",
    summary="Words that mark an attribution and where its source stands.",
    record=CueRule,
    fields={
        "verbs": Field("list of str", "verb lemmas (`say`, `tell`); every inflection is matched "
                                      "(`says`, `said`, `saying`), irregular forms included",
                       is_text_list, convert=texts),
        "forms": Field("list of str", "literal verb forms, not inflected (`weighed in`, `vowed`): "
                                      "they act as reporting verbs", is_text_list, convert=texts),
        "phrases": Field("list of str", "literal multi-word cues, case-insensitive (`according to`, "
                                        "`in a statement`)", is_text_list, convert=texts),
        "neutrality": Field("`neutral` or `loaded`", '"said" is neutral; "claimed", "admitted", '
                                                     '"insisted" are loaded',
                            one_of(("neutral", "loaded")), required=True),
        "source": Field("`subject` (default), `after`",
                        'where the source is: the sentence subject / inverted after the verb '
                        '(`subject`: "Kim said", "said Kim"), or the noun phrase right after the '
                        'cue (`after`: "according to X", "reported by X")',
                        one_of(("subject", "after"))),
        "except": Field("list of str", "forms never to match (`states`, `emails`): for cues that "
                                       "mostly misfire; `biasdash rules learn attribution "
                                       "FILE.jsonl` proposes them with their measured precision",
                        is_text_list, attr="excluded", convert=lower_texts),
        "not_after": Field("list of str", "words after which this rule's cues mark no attribution "
                                          "(`in`: \"in defending his record\" names an action, not "
                                          "speech; \"in a statement\" is not a verb cue and not affected)",
                           is_text_list, convert=lower_texts),
    },
    example=("yield an attribution whose cue came from this rule",
             "yield no attribution whose cue came from this rule"),
    took_part=took_part,
    validate=validate,
    compile=compile_cues,
)
