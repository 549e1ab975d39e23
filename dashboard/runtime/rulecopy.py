"""Provides the copy of a shipped rule into the user's own pack (the dashboard's `e` on a shipped
rule, which must not edit the installed package): the rule's YAML block as written in the shipped
file, under the same id, in a file of its own. A pack read after the shipped one replaces its
rules by id (rulepacks.load_rules), so once the pack is read the copy is the rule in force.
Written as `rules new` writes (rulenew.create_rule_file: never over a file, whole or not at all),
with the schema its first line names (`./schema.json`) written beside it if the pack has none."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..engine.kinds import Rule
from .rulenew import MODELINE, NewRuleError, create_rule_file, write_schema
from .rulepacks import default_rules_dir, find_rule_files, parse_rule_file

# The copy's file: the schema comment, `kind:`, `rules:`, then the rule on this line.
RULE_LINE = 4


class Copied(NamedTuple):
    """A rule copied into a pack: where the copy is, and the line its entry starts on."""

    path: Path
    line: int


def is_shipped(rule: Rule) -> bool:
    """Whether the rule comes from the pack installed with biasdash."""
    try:
        Path(rule.file).resolve().relative_to(default_rules_dir())
    except (ValueError, OSError):
        return False
    return True


def rule_block(rule: Rule, text: str) -> list[str]:
    """The lines of the rule's entry in its file's text (`- id: ...` and every line indented
    under it; the comments and blank lines before the next entry are not its own)."""
    lines = text.splitlines()
    first = lines[rule.line - 1]
    dash = first.rfind("-", 0, rule.column - 1)
    if dash < 0 or first[:dash].strip():
        raise NewRuleError(f"{rule.file}:{rule.line}: the rule {rule.id!r} is not a `- ` entry of "
                           "its file: copy it by hand")
    block = [first]
    for line in lines[rule.line:]:
        if line.strip() and len(line) - len(line.lstrip()) <= dash:
            break
        block.append(line)
    while block and (not block[-1].strip() or block[-1].lstrip().startswith("#")):
        block.pop()
    return [line[dash:] for line in block]


def copy_text(rule: Rule) -> str:
    """The text of a rule file holding the rule as its shipped file has it."""
    text = Path(rule.file).read_text(encoding="utf-8")
    return (MODELINE + f"kind: {rule.kind}\nrules:\n"
            + "".join(f"  {line}".rstrip() + "\n" for line in rule_block(rule, text)))


def defined_in(pack: Path, rule_id: str) -> Rule | None:
    """The rule of that id in the pack's files (a pack not made yet has none)."""
    if not pack.exists():
        return None
    for path in find_rule_files(pack)[0]:
        rules, _ = parse_rule_file(path)
        found = next((r for r in rules if r.id == rule_id), None)
        if found is not None:
            return found
    return None


def copy_rule(rule: Rule, pack: Path) -> Copied:
    """Copy a shipped rule to PACK/ID.yaml, validated: the copy must read back as the same rule.

    Raises NewRuleError (nothing written) when the pack already has a rule of that id or a file
    of that name, or when the entry cannot be read out of its file; OSError when it cannot be
    written."""
    taken = defined_in(pack, rule.id)
    if taken is not None:
        raise NewRuleError(f"{taken.file}:{taken.line} already has a rule {rule.id!r}: nothing was "
                           "written (edit that one)")
    text = copy_text(rule)
    path = pack / f"{rule.id}.yaml"
    create_rule_file(path, text, "edit it, or move it out of the way")
    rules, errors = parse_rule_file(path)
    if errors or [r.id for r in rules] != [rule.id]:
        path.unlink()
        raise NewRuleError(f"the copy of {rule.id!r} did not read back as that rule: nothing was kept "
                           f"({errors[0] if errors else 'another rule'}); copy it by hand")
    write_schema(pack)
    return Copied(path, RULE_LINE)
