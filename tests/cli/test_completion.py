"""`biasdash completion bash|zsh|fish`: scripts made from the parser, so a command, option or
format added to the parser completes without anything else to change. The bash script is run
as bash runs it on Tab (COMP_WORDS, COMP_CWORD); zsh and fish only where they are installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import COMMANDS
from dashboard.report.records import FORMATS


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = subprocess.run([sys.executable, "-m", "dashboard", "completion", "bash"],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    path = tmp_path_factory.mktemp("completion") / "biasdash.bash"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def _complete(script: Path, line: str, cwd: Path) -> list[str]:
    """What bash offers on Tab at the end of `line` (a trailing space: a new, empty word)."""
    words = line.split()
    if line.endswith(" "):
        words.append("")
    program = (f'source "{script}"; COMP_WORDS=("$@"); COMP_CWORD={len(words) - 1}; '
               '_biasdash; printf "%s\\n" "${COMPREPLY[@]}"')
    result = subprocess.run(["bash", "-c", program, "bash", *words], capture_output=True, text=True,
                            cwd=cwd, timeout=30)
    assert result.returncode == 0, result.stderr
    return [w for w in result.stdout.splitlines() if w]


@pytest.mark.parametrize(("line", "expected"), [
    ("biasdash ch", ["check"]),  # a command from its first letters
    ("biasdash check --format ", list(FORMATS["check"])),  # the format choices of the command named
    ("biasdash score --format ", list(FORMATS["score"])),
    ("biasdash -q check --fail-on ", ["info", "warning", "error"]),  # after a global option
    ("biasdash rules te", ["test"]),  # an action of `rules`
    ("biasdash --color ", ["auto", "always", "never"]),
    ("biasdash score --fo", ["--format"]),
])
def test_bash_completes_commands_options_and_choices(bash_script: Path, tmp_path: Path, line: str,
                                                     expected: list[str]) -> None:
    assert _complete(bash_script, line, tmp_path) == expected


def test_bash_offers_every_command_and_the_files_for_paths(bash_script: Path, tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("Kim said so.\n", encoding="utf-8")
    assert set(_complete(bash_script, "biasdash ", tmp_path)) == {*COMMANDS, "article.txt"}
    assert _complete(bash_script, "biasdash check --jobs 2 art", tmp_path) == ["article.txt"]
    (tmp_path / "my story.txt").write_text("Kim said so.\n", encoding="utf-8")
    assert _complete(bash_script, "biasdash score my", tmp_path) == ["my story.txt"]  # one name, with its space


def test_bash_completes_a_value_after_an_equals_sign(bash_script: Path, tmp_path: Path) -> None:
    # bash splits `--format=s` into `--format`, `=`, `s`
    assert _complete(bash_script, "biasdash check --format = s", tmp_path) == ["sarif"]
    assert _complete(bash_script, "biasdash check --format =", tmp_path) == list(FORMATS["check"])


def test_a_fixed_choice_is_offered_without_file_names(bash_script: Path, tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("Kim said so.\n", encoding="utf-8")
    assert _complete(bash_script, "biasdash completion ", tmp_path) == ["bash", "zsh", "fish"]
    assert "article.txt" not in _complete(bash_script, "biasdash rules new ", tmp_path)
    # once the choice is made, the paths that follow are files again
    assert _complete(bash_script, "biasdash eval attribution art", tmp_path) == ["article.txt"]


def test_an_unknown_shell_is_refused(run_cli) -> None:
    result = run_cli("completion", "tcsh")
    assert result.code == 2 and "invalid choice" in result.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script(tmp_path: Path) -> None:
    script = subprocess.run([sys.executable, "-m", "dashboard", "completion", "zsh"], capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL).stdout
    result = subprocess.run(["zsh", "-f", "-c", script + "\nwhence -w _biasdash"], capture_output=True,
                            text=True, timeout=30, cwd=tmp_path)
    assert "function" in result.stdout, result.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_the_format_choices(tmp_path: Path) -> None:
    script = tmp_path / "biasdash.fish"
    script.write_text(subprocess.run([sys.executable, "-m", "dashboard", "completion", "fish"],
                                     capture_output=True, text=True, timeout=60,
                                     stdin=subprocess.DEVNULL).stdout, encoding="utf-8")
    result = subprocess.run(["fish", "-c", f"source {script}; complete -C 'biasdash check --format '"],
                            capture_output=True, text=True, timeout=30, cwd=tmp_path)
    offered = {line.split("\t")[0] for line in result.stdout.splitlines()}
    assert set(FORMATS["check"]) <= offered, result.stdout + result.stderr


def test_fish_script_names_every_command_and_format(run_cli) -> None:
    text = run_cli("completion", "fish").stdout
    for command in COMMANDS:
        assert f"-n __fish_use_subcommand -a {command} " in text, command
    assert f"-l format -x -a '{' '.join(FORMATS['score'])}'" in text
