"""docs/rules.md is what the registry of rule kinds says: a kind, key or meaning changed in
dashboard/engine/kinds/ without regenerating the reference fails here, with the command to run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard.engine.kinds import KINDS
from dashboard.report.ruledocs import rules_reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_the_rule_reference_is_the_one_the_kinds_write() -> None:
    assert DOCS.read_text(encoding="utf-8") == rules_reference(), (
        "docs/rules.md is out of date: run `biasdash rules docs > docs/rules.md`")


def test_every_key_of_every_kind_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name, kind in KINDS.items():
        section = text.split(f"## kind: {name}\n", 1)[1].split("\n## ", 1)[0]
        for key in kind.fields:
            assert f"| `{key}` |" in section, f"{name}.{key} is not in docs/rules.md"


def test_the_cli_lists_the_kinds_of_the_registry() -> None:
    out = subprocess.run([sys.executable, "-m", "dashboard", "rules", "kinds"], capture_output=True,
                         text=True, check=True).stdout
    assert [line.split()[0] for line in out.splitlines()] == list(KINDS)
