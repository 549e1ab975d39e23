"""The pre-commit hook the project ships (.pre-commit-hooks.yaml), run by pre-commit itself on a
temporary git repository: a commit of a clean article passes, one of an article with findings is
stopped with the findings shown, and files the hook is not for are left alone. Offline: the hook
is declared as a local one (the shipped definition, with the entry pointed at this checkout's
interpreter), so pre-commit fetches and installs nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
SEED = PROJECT / "seeds" / "000_19cab8bc42d06589.txt"
BAD = ('The brutal regime crushed the protesters, state media KCNA reported. "They are thugs and '
       'puppets," KCNA said. The puppet regime lied again.\n')

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit runs in a git repository")


def _repo(tmp_path: Path) -> Path:
    pytest.importorskip("pre_commit")
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = dict(hooks[0])
    assert hook["entry"].split() == ["biasdash", "check"]
    # Local and `system`: nothing to install. The entry runs this checkout, as `biasdash` would.
    hook.update(language="system", entry=f"{sys.executable} -m dashboard check")
    repo = tmp_path / "newsroom"
    repo.mkdir()
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".pre-commit-config.yaml")
    return repo


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                   check=True, capture_output=True, timeout=60)


def _pre_commit(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never"], cwd=repo,
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def test_a_clean_article_passes_the_hook(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    shutil.copy(SEED, repo / "story.txt")
    _git(repo, "add", "story.txt")
    result = _pre_commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "biasdash check" in result.stdout and "Passed" in result.stdout


def test_an_article_with_findings_stops_the_commit_and_says_why(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    shutil.copy(SEED, repo / "story.txt")
    (repo / "draft.md").write_text(BAD, encoding="utf-8")
    _git(repo, "add", "story.txt", "draft.md")
    result = _pre_commit(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "draft.md:1:" in result.stdout and "max-loaded-author" in result.stdout
    assert "story.txt:" not in result.stdout  # the clean article has nothing to say


def test_files_the_hook_is_not_for_are_not_checked(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "notes.py").write_text("x = 1\n", encoding="utf-8")
    _git(repo, "add", "notes.py")
    result = _pre_commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no files to check" in result.stdout.lower()


def test_a_projects_readme_and_requirements_are_not_checked_as_articles(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    # No sourcing at all: as articles, each would stop the commit (min-attribution-density).
    unsourced = ("The project builds the dashboard. Install it with pip. Run the tests before a release. "
                 "Tag the release. Publish the wheel. Update the changelog.\n")
    (repo / "README.md").write_text("# Newsroom\n\n" + unsourced, encoding="utf-8")
    (repo / "requirements.txt").write_text("biasdash>=1.0\npre-commit\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "CHANGELOG.md").write_text(unsourced, encoding="utf-8")
    (repo / "story.md").write_text(unsourced, encoding="utf-8")
    _git(repo, "add", "README.md", "requirements.txt", "docs/CHANGELOG.md")
    result = _pre_commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no files to check" in result.stdout.lower()
    _git(repo, "add", "story.md")  # the same text as an article is checked, and stops the commit
    result = _pre_commit(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "story.md:1:1" in result.stdout and "min-attribution-density" in result.stdout
    assert "README.md" not in result.stdout and "requirements.txt" not in result.stdout
