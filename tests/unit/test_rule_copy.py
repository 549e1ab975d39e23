"""Copying a shipped rule into the user's pack (the dashboard's `e` on a shipped rule): the copy
is the same rule, overrides the shipped one once the pack is read, and nothing is ever replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.runtime.rulecopy import RULE_LINE, copy_rule, copy_text, is_shipped
from dashboard.runtime.rulenew import NewRuleError
from dashboard.runtime.rulepacks import default_rules_dir, find_rule_files, load_rules, parse_rule_file

SHIPPED = load_rules(model=False)


def test_every_shipped_rule_copies_as_itself(tmp_path: Path) -> None:
    # Each entry read out of its file and written alone reads back field for field the same.
    for rule in SHIPPED.rules:
        path = tmp_path / f"{rule.id}.yaml"
        path.write_text(copy_text(rule), encoding="utf-8")
        rules, errors = parse_rule_file(path)
        assert not errors, (rule.id, errors)
        assert len(rules) == 1 and rules[0].line == RULE_LINE
        assert rules[0] == rule.replace(file=rules[0].file, line=RULE_LINE, column=rules[0].column), rule.id


def test_the_copy_overrides_the_shipped_rule(tmp_path: Path) -> None:
    rule = SHIPPED.by_id["min-attribution-density"]
    assert is_shipped(rule)
    pack = tmp_path / "rules-local"
    copied = copy_rule(rule, pack)
    assert copied.path == pack / "min-attribution-density.yaml"
    text = copied.path.read_text(encoding="utf-8")
    copied.path.write_text(text.replace("threshold: 0.2", "threshold: 0.5"), encoding="utf-8")
    ruleset = load_rules([pack], model=False)
    in_force = ruleset.by_id["min-attribution-density"]
    assert Path(in_force.file).resolve() == copied.path.resolve() and in_force.threshold == 0.5
    assert not is_shipped(in_force)


def test_a_copy_never_replaces_a_file_or_duplicates_an_id(tmp_path: Path) -> None:
    rule = SHIPPED.by_id["reuters"]
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "reuters.yaml").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(NewRuleError, match="already exists"):
        copy_rule(rule, pack)
    assert (pack / "reuters.yaml").read_text(encoding="utf-8") == "# mine\n"
    (pack / "reuters.yaml").unlink()
    (pack / "wires.yaml").write_text(copy_text(rule), encoding="utf-8")
    with pytest.raises(NewRuleError, match="already has a rule 'reuters'"):
        copy_rule(rule, pack)
    assert sorted(p.name for p in pack.iterdir()) == ["wires.yaml"]  # no temporary file left


def test_where_no_hard_link_can_be_made_the_copy_is_still_written_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # as on FAT and some network shares

    monkeypatch.setattr("os.link", no_links)
    rule = SHIPPED.by_id["reuters"]
    copied = copy_rule(rule, tmp_path / "pack")
    assert copied.path.read_text(encoding="utf-8") == copy_text(rule)
    assert sorted(p.name for p in copied.path.parent.iterdir()) == ["reuters.yaml", "schema.json"]
    with pytest.raises(NewRuleError, match="already"):
        copy_rule(rule, tmp_path / "pack")


def test_the_copy_names_a_schema_in_the_pack_not_on_this_machine(tmp_path: Path) -> None:
    pack = tmp_path / "rules-local"
    copied = copy_rule(SHIPPED.by_id["reuters"], pack)
    first = copied.path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema.json"  # no file:///.../site-packages
    shipped = (default_rules_dir() / "schema.json").read_text(encoding="utf-8")
    assert (pack / "schema.json").read_text(encoding="utf-8") == shipped
    assert find_rule_files(pack) == ([copied.path], [])  # the schema is not a rule file
    again = copy_rule(SHIPPED.by_id["min-attribution-density"], pack)
    assert load_rules([pack], model=False).by_id["min-attribution-density"].file == str(again.path)


def test_a_schema_already_in_the_pack_is_kept(tmp_path: Path) -> None:
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "schema.json").write_text('{"title": "our own"}', encoding="utf-8")
    copy_rule(SHIPPED.by_id["reuters"], pack)
    assert (pack / "schema.json").read_text(encoding="utf-8") == '{"title": "our own"}'
