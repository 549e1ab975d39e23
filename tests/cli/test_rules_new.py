"""`biasdash rules new KIND`: a scaffolded rule lands in the user's own pack, validates, passes
its own examples and is used once the pack is named; nothing of the user's is replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.engine.kinds import RULE_KINDS


@pytest.mark.parametrize("kind", RULE_KINDS)
def test_a_new_rule_of_every_kind_validates_and_passes_its_examples(run_cli, in_tmp: Path, kind: str) -> None:
    run = run_cli("rules", "new", kind)
    assert run.code == 0, run.stderr
    written = in_tmp / "rules-local" / f"my-{kind}.yaml"
    text = written.read_text(encoding="utf-8")
    assert f"kind: {kind}" in text and "description:" in text and "examples:" in text
    assert "--rules rules-local" in run.stdout  # the pack is not named yet: how to use it
    tested = run_cli("rules", "test", "--rules", "rules-local", "--only", f"my-{kind}")
    assert tested.code == 0, tested.stdout
    assert tested.stdout.rstrip().endswith(" passed, 0 failed")
    listed = run_cli("rules", "list", "--rules", "rules-local", "--kind", kind)
    assert f"my-{kind}" in listed.stdout


def test_an_existing_file_is_never_replaced(run_cli, in_tmp: Path) -> None:
    pack = in_tmp / "rules-local"
    pack.mkdir()
    mine = pack / "my-cues.yaml"
    mine.write_text("kind: cues\nrules: []\n# my own work\n", encoding="utf-8")
    run = run_cli("rules", "new", "cues")
    assert run.code == 2
    assert "already exists" in run.stderr and "Traceback" not in run.stderr
    assert mine.read_text(encoding="utf-8").endswith("# my own work\n")


def test_an_id_already_in_use_is_refused_and_nothing_is_written(run_cli, in_tmp: Path) -> None:
    run = run_cli("rules", "new", "sources", "--id", "ap")
    assert run.code == 2
    assert "'ap' is already in use" in run.stderr
    assert not (in_tmp / "rules-local").exists()


def test_the_rule_goes_to_the_last_pack_named(run_cli, in_tmp: Path) -> None:
    first = run_cli("rules", "new", "cues", "--pack", "mine")  # --pack: wherever the user says
    assert first.code == 0, first.stderr
    assert (in_tmp / "mine" / "my-cues.yaml").is_file() and not (in_tmp / "rules-local").exists()
    run = run_cli("rules", "new", "vague", "--id", "vague-insiders", "--rules", "mine")
    assert run.code == 0, run.stderr
    assert (in_tmp / "mine" / "vague-insiders.yaml").is_file()
    assert "read only when named" not in run.stdout  # it already is


def test_a_bad_id_is_a_clear_error(run_cli, in_tmp: Path) -> None:
    run = run_cli("rules", "new", "loaded", "--id", "../escape")
    assert run.code == 2 and "rule id" in run.stderr
    assert list(in_tmp.iterdir()) == []


def test_the_scaffold_names_the_schema_it_writes_into_the_pack(run_cli, in_tmp: Path) -> None:
    import jsonschema
    import yaml

    run = run_cli("rules", "new", "loaded")
    assert run.code == 0, run.stderr
    pack = in_tmp / "rules-local"
    text = (pack / "my-loaded.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./schema.json\n")
    assert "file:" not in text and "site-packages" not in text
    schema = (pack / "schema.json").read_text(encoding="utf-8")
    assert schema == run_cli("rules", "schema").stdout  # what `biasdash rules schema` prints
    jsonschema.Draft7Validator(json.loads(schema)).validate(yaml.safe_load(text))
    # The schema beside the rules is not read as one: the pack lists and tests cleanly.
    second = run_cli("rules", "new", "vague", "--id", "vague-insiders", "--rules", "rules-local")
    assert second.code == 0, second.stderr
    assert sorted(p.name for p in pack.iterdir()) == ["my-loaded.yaml", "schema.json", "vague-insiders.yaml"]
    tested = run_cli("rules", "test", "--rules", "rules-local", "--only", "my-loaded")
    assert tested.code == 0 and "schema.json" not in tested.stdout + tested.stderr, tested.stdout + tested.stderr


def test_a_schema_the_pack_has_is_never_replaced(run_cli, in_tmp: Path) -> None:
    pack = in_tmp / "rules-local"
    pack.mkdir()
    (pack / "schema.json").write_text('{"title": "ours"}', encoding="utf-8")
    assert run_cli("rules", "new", "cues").code == 0
    assert (pack / "schema.json").read_text(encoding="utf-8") == '{"title": "ours"}'
    written = (pack / "my-cues.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=./schema.json\n")
