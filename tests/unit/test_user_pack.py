from pathlib import Path

from dashboard.runtime.rulepacks import default_rules_dir, user_pack


def test_user_pack_is_the_last_pack_named(tmp_path: Path) -> None:
    first, last = tmp_path / "a", tmp_path / "b"
    assert user_pack([first, last], cwd=tmp_path) == last


def test_user_pack_defaults_to_rules_local_in_the_working_folder(tmp_path: Path) -> None:
    assert user_pack([], cwd=tmp_path) == tmp_path / "rules-local"


def test_user_pack_is_never_the_shipped_pack(tmp_path: Path) -> None:
    # Naming the shipped folder with --rules must not make it the place user rules are written to.
    assert user_pack([default_rules_dir()], cwd=tmp_path) == tmp_path / "rules-local"
