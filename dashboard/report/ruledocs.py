"""Provides the rule-file reference (docs/rules.md), written from the registry of rule kinds: the
keys of every kind with their types and meanings, and what each kind's examples must do.
`biasdash rules docs` prints it; tests/unit/test_rule_docs.py fails when docs/rules.md drifts."""

from __future__ import annotations

from ..engine.kinds import COMMON, KINDS

INTRO = """\
# Rule files

<!-- Written by `biasdash rules docs > docs/rules.md` from the rule kinds (dashboard/engine/kinds/);
     edit the kinds, not this file. -->

Rule files are YAML documents in a rule pack folder (the default pack is `rules/` at the top of the
project, shipped inside the package). Every file declares its `kind` and holds a list of `rules`.
Files are loaded with a safe loader only, validated on load, and every error is reported as
`file:line:column: what is wrong (did you mean ...?)`.

```yaml
kind: sources          # one of: {kinds}
description: Wire services, state media and major outlets.   # optional, for the file
rules:
  - id: kcna           # unique across every file of every pack in use; [a-z0-9][a-z0-9_.-]*
    description: ...   # required: what the rule does and why
    examples:          # required: `match` needs at least one entry; `no_match` is optional
      match: ["..."]
      no_match: ["..."]
    ...                # the kind's own keys, below
```

The first line of each shipped file, `# yaml-language-server: $schema=./schema.json`, points
editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix, ...) at
`rules/schema.json`, the JSON Schema of rule files written from the kinds by `biasdash rules
schema`: they then complete keys and flag mistakes as you type.

Unknown keys are errors (with a "did you mean" suggestion). Passing `--rules DIR` adds a pack;
a rule in a later pack with the same `id` as one in an earlier pack replaces it (`override`), a
duplicate id inside one pack is an error. `enabled: false` switches a rule off.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rules_reference() -> str:
    """docs/rules.md, as Markdown."""
    out = [INTRO.format(kinds=", ".join(KINDS)), "## Keys of every rule", "",
           "| key | type | meaning |", "|---|---|---|"]
    out += [f"| `{key}` | {field.type} | {_cell(field.doc)} |" for key, field in COMMON.items()]
    out += ["", "## What an example means", "",
            "`biasdash rules test` (and the test suite) analyses every example text on its own as an "
            "article and checks:", "",
            "| kind | a `match` example must ... | a `no_match` example must ... |", "|---|---|---|"]
    out += [f"| {name} | {_cell(kind.example[0])} | {_cell(kind.example[1])} |" for name, kind in KINDS.items()]
    for name, kind in KINDS.items():
        out += ["", f"## kind: {name}", "", _cell(kind.summary), "",
                "| key | type | meaning |", "|---|---|---|"]
        out += [f"| `{key}` | {field.type}{' (required)' if field.required else ''} | {_cell(field.doc)} |"
                for key, field in kind.fields.items()]
        if kind.notes:
            out += ["", _cell(kind.notes)]
    return "\n".join(out) + "\n"
