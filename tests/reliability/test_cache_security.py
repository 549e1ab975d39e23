"""The rule-set and lexicon cache can never run code, nor serve stale or broken rules: a planted
pickle runs nothing; a cache folder or entry that is not the user's own is neither read nor
written; a relative cache path is not used; the folder is private; a rule file edited with its
size and modification time restored is read again; a wrong entry is rebuilt without a crash.

Every run is `python -m dashboard` in a subprocess with its own cache folder and HOME. The rule
packs edited in place are in fixtures/cache/; pickles, folders and permissions are made at test
time. The tests run as root on CI, so "another user" is nobody (uid 65534)."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_helpers import FIXTURES, PROJECT, SEED, Run, assert_clean, run_subprocess

from dashboard.engine import sentiment
from dashboard.engine.ruleset import RuleSet
from dashboard.runtime import rulecache
from dashboard.runtime.rulepacks import load_rules

CACHE_FIXTURES = FIXTURES / "cache"
NOBODY = 65534
POISON = "POISONED"
# What the rule-set and lexicon entries are read for: every check, loaded term and sentiment score.
SCORE = ["score", "--format", "jsonl", str(SEED)]
CHECK = ["check", str(SEED)]


def _run(args: list[str], folder: Path | str, tmp_path: Path, **kwargs: Any) -> Run:
    """biasdash with this cache folder and a HOME of its own."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    run = run_subprocess(args, env={"BIASDASH_CACHE_DIR": str(folder), "HOME": str(home)}, **kwargs)
    assert_clean(run)
    return run


def _uncached(args: list[str], tmp_path: Path) -> Run:
    return _run(args, "off", tmp_path)


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[str]], Run]:
    """`uncached(args)`: biasdash ARGS with the cache off, what every cached run must give. It
    is the same for every test, so it is run once per module and command (a subprocess each)."""
    home = tmp_path_factory.mktemp("uncached")
    runs: dict[tuple[str, ...], Run] = {}

    def get(args: list[str]) -> Run:
        if tuple(args) not in runs:
            runs[tuple(args)] = _uncached(args, home)
        return runs[tuple(args)]

    return get


def _files(folder: Path) -> dict[str, bytes]:
    """Every file in a folder and its bytes (links followed)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def entry_keys(run_cli: Callable[..., Any],
               monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[tuple[str, str]]]:
    """`entry_keys(folder, *args)`: the (kind, key) of every entry `biasdash ARGS` reads from the
    project folder (as the subprocesses run), found by running it in-process."""

    def record(folder: Path, *args: str) -> list[tuple[str, str]]:
        seen: list[tuple[str, str]] = []
        real = rulecache.read

        def read(kind: str, key: str) -> Any:
            seen.append((kind, key))
            return real(kind, key)

        with monkeypatch.context() as patch:
            patch.setattr(rulecache, "read", read)
            patch.setattr(sentiment, "_ANALYZER", None)  # this process's analyser: load the lexicon again
            patch.setattr(sentiment, "_FAST", None)
            patch.setenv("BIASDASH_CACHE_DIR", str(folder))
            patch.chdir(PROJECT)
            run_cli(*args)
        assert {kind for kind, _ in seen} == {"rules", "vader"}, seen
        return seen

    return record


@pytest.fixture
def poisoned(tmp_path: Path, entry_keys: Callable[..., list[tuple[str, str]]],
             monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder holding a valid rule-set entry, under the key a check of SEED
    reads, whose checks fire on any article with the message POISONED: whoever reads it shows."""
    folder = tmp_path / "poisoned"
    keys = entry_keys(folder, *CHECK)
    with monkeypatch.context() as patch:
        patch.setenv("BIASDASH_CACHE_DIR", str(folder))
        rules = load_rules().rules
        fire_always = {"op": ">=", "threshold": -1.0, "condition": "", "severity": "error", "message": POISON}
        ruleset = RuleSet(tuple(r.replace(**fire_always) if r.kind == "checks" else r for r in rules))
        for kind, key in keys:
            if kind == "rules":
                rulecache.save(key, ruleset)
    folder.chmod(0o700)
    # The poison works: a run that trusts this folder shows it.
    run = _run(CHECK, folder, tmp_path)
    assert POISON in run.stdout and run.code == 1, run.output
    return folder


def _evil_pickle(marker: Path) -> bytes:
    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (open, (str(marker), "w"))  # unpickling it creates the marker file

    return pickle.dumps(Evil())


def test_a_planted_pickle_runs_no_code(tmp_path: Path, uncached: Callable[[list[str]], Run]) -> None:
    folder = tmp_path / "cache"
    expected = uncached(SCORE)
    _run(SCORE, folder, tmp_path)
    entries = sorted(folder.iterdir())
    assert entries
    # Whoever can write the folder replaces every entry with a pickle that would run code.
    markers = []
    for entry in entries:
        markers.append(tmp_path / f"ran-{entry.name}")
        entry.write_bytes(_evil_pickle(markers[-1]))
    run = _run(SCORE, folder, tmp_path)
    assert not [m.name for m in markers if m.exists()], "a cache entry ran code"
    assert (run.code, run.stdout) == (expected.code, expected.stdout)


def _world_writable(folder: Path, tmp_path: Path) -> Path:
    folder.chmod(0o777)
    return folder


def _group_writable(folder: Path, tmp_path: Path) -> Path:
    folder.chmod(0o770)
    return folder


def _other_owner(folder: Path, tmp_path: Path) -> Path:
    os.chown(folder, NOBODY, NOBODY)
    return folder


def _symlinked(folder: Path, tmp_path: Path) -> Path:
    link = tmp_path / "link-to-cache"
    link.symlink_to(folder, target_is_directory=True)
    return link


UNTRUSTED_FOLDERS = [
    # drwxrwxrwx: anyone can plant an entry
    pytest.param(_world_writable, id="world-writable"),
    # drwxrwx---: the group can plant an entry
    pytest.param(_group_writable, id="group-writable"),
    # owned by nobody: another user's folder (as root on CI, it could be anyone's)
    pytest.param(_other_owner, id="another-users"),
    # a symlink where the folder should be (its target is a private folder of ours)
    pytest.param(_symlinked, id="symlink"),
]


@pytest.mark.parametrize("make_untrusted", UNTRUSTED_FOLDERS)
def test_a_cache_folder_that_is_not_the_users_own_is_neither_read_nor_written(
        make_untrusted: Callable[[Path, Path], Path], poisoned: Path, tmp_path: Path,
        uncached: Callable[[list[str]], Run]) -> None:
    expected = uncached(CHECK)
    before = _files(poisoned)
    run = _run(CHECK, make_untrusted(poisoned, tmp_path), tmp_path)
    assert POISON not in run.output
    assert (run.code, run.stdout) == (expected.code, expected.stdout)
    assert _files(poisoned) == before, "an entry was written into a folder that is not the user's own"


def _entry_writable_by_others(entry: Path, tmp_path: Path) -> None:
    entry.chmod(0o646)


def _entry_of_another_user(entry: Path, tmp_path: Path) -> None:
    os.chown(entry, NOBODY, NOBODY)


def _entry_is_a_symlink(entry: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / f"elsewhere-{entry.name}"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)


def _entry_is_huge(entry: Path, tmp_path: Path) -> None:
    os.truncate(entry, 8 << 30)  # sparse: 8 GiB that a whole read would hold in memory


UNTRUSTED_ENTRIES = [
    # an 8 GiB entry (sparse), in the user's own folder: not read at all
    pytest.param(_entry_is_huge, id="huge"),
    # -rw----rw-: anyone could have written it
    pytest.param(_entry_writable_by_others, id="writable-by-others"),
    # owned by nobody, in the user's own folder
    pytest.param(_entry_of_another_user, id="another-users"),
    # a symlink to a file elsewhere, in the user's own folder
    pytest.param(_entry_is_a_symlink, id="symlink"),
]


@pytest.mark.parametrize("make_untrusted", UNTRUSTED_ENTRIES)
def test_a_cache_entry_that_is_not_the_users_own_is_not_read(
        make_untrusted: Callable[[Path, Path], None], poisoned: Path, tmp_path: Path,
        uncached: Callable[[list[str]], Run]) -> None:
    expected = uncached(CHECK)
    for entry in list(poisoned.iterdir()):
        make_untrusted(entry, tmp_path)
    targets = {p: p.read_bytes() for p in tmp_path.glob("elsewhere-*")}
    run = _run(CHECK, poisoned, tmp_path)
    assert POISON not in run.output
    assert (run.code, run.stdout) == (expected.code, expected.stdout)
    # The entry rebuilt in its place replaces a link, never the file it points to.
    assert {p: p.read_bytes() for p in targets} == targets


RELATIVE = [
    # XDG_CACHE_HOME=relcache: invalid by the XDG spec, so ~/.cache is used
    pytest.param({"XDG_CACHE_HOME": "relcache"}, True, id="XDG_CACHE_HOME"),
    # BIASDASH_CACHE_DIR=relcache: the cache is off
    pytest.param({"BIASDASH_CACHE_DIR": "relcache"}, False, id="BIASDASH_CACHE_DIR"),
]


@pytest.mark.parametrize(("env", "home_cache_used"), RELATIVE)
def test_a_relative_cache_path_writes_nothing_under_the_working_folder(
        env: dict[str, str], home_cache_used: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BIASDASH_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    run = run_subprocess(SCORE, cwd=work, env={"HOME": str(home), **env})
    assert_clean(run)
    assert run.code == 0
    assert not list(work.iterdir()), "the cache was written under the working folder"
    home_cache = home / ".cache" / "biasdash"
    assert (home_cache.is_dir() and any(home_cache.iterdir())) == home_cache_used


def test_root_creates_no_cache_in_another_users_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `sudo biasdash` keeps the user's HOME: a root-owned ~/.cache there would shut the user
    # out of their own cache.
    monkeypatch.delenv("BIASDASH_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    run = run_subprocess(SCORE, env={"HOME": str(home)})
    assert_clean(run)
    assert run.code == 0
    assert not list(home.iterdir())


# Runs `python -m dashboard` with umask 0: whatever the cache makes private, it makes so itself.
UMASK_0 = ["-c", "import os, runpy, sys; os.umask(0); sys.argv[0] = 'biasdash'; "
                 "runpy.run_module('dashboard', run_name='__main__')"]


def test_the_cache_folder_is_private_and_its_entries_are_0600(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "biasdash"
    run = run_subprocess(SCORE, prefix=UMASK_0, env={"BIASDASH_CACHE_DIR": str(folder),
                                                      "HOME": str(tmp_path)})
    assert_clean(run)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    entries = list(folder.iterdir())
    assert len(entries) >= 2  # the rule set and the lexicon
    assert {e.name: stat.S_IMODE(e.stat().st_mode) for e in entries} == {e.name: 0o600 for e in entries}


def _in_place(path: Path, old: str, new: str) -> None:
    """`cp -p` of an edited copy over the file: same file, same size, old modification time."""
    before = path.stat()
    with path.open("r+", encoding="utf-8") as handle:
        text = handle.read()
        handle.seek(0)
        handle.write(text.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _renamed_over(path: Path, old: str, new: str) -> None:
    """`rsync -a` or `tar x`: a new file with the old modification time renamed over the file."""
    before = path.stat()
    fresh = path.with_suffix(".new")
    fresh.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(fresh, ns=(before.st_atime_ns, before.st_mtime_ns))
    fresh.replace(path)


def _findings(run: Run) -> list[str]:
    return ["test-word-count" for line in run.stdout.splitlines() if " test-word-count: " in line]


def _loaded_terms(run: Run) -> list[str]:
    return [hit["term"] for record in run.records for hit in record.get("loaded", [])]


EDITS = [
    # threshold: 99999 becomes 1.000 (same size) in place: the check now fires
    pytest.param("edited_threshold.yaml", "99999", "1.000", _in_place, "check", _findings,
                 [], ["test-word-count"], id="threshold-cp-p"),
    # terms: [fiendish] becomes [devilish] in place
    pytest.param("edited_term.yaml", "fiendish]", "devilish]", _in_place, "score", _loaded_terms,
                 ["fiendish"], ["devilish"], id="term-cp-p"),
    # terms: [fiendish] becomes [devilish] in a new file renamed over the old one
    pytest.param("replaced_term.yaml", "fiendish]", "devilish]", _renamed_over, "score", _loaded_terms,
                 ["fiendish"], ["devilish"], id="term-rsync"),
]


@pytest.mark.parametrize(("fixture", "old", "new", "edit", "command", "observe", "before", "after"), EDITS)
def test_a_rule_file_edited_with_its_size_and_time_restored_is_read_again(
        fixture: str, old: str, new: str, edit: Callable[[Path, str, str], None], command: str,
        observe: Callable[[Run], list[str]], before: list[str], after: list[str], tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    rule_file = pack / "rules.yaml"
    shutil.copy(CACHE_FIXTURES / fixture, rule_file)
    article = tmp_path / "article.txt"
    article.write_text("It was a fiendish and devilish plan, the minister said on Monday.\n",
                       encoding="utf-8")
    args = [command, "--rules", str(pack), str(article)]
    args += ["--format", "jsonl"] if command == "score" else []
    folder = tmp_path / "cache"
    assert observe(_run(args, folder, tmp_path)) == before
    size, mtime = rule_file.stat().st_size, rule_file.stat().st_mtime_ns
    edit(rule_file, old, new)
    assert (rule_file.stat().st_size, rule_file.stat().st_mtime_ns) == (size, mtime)
    edited = _run(args, folder, tmp_path)
    assert observe(edited) == after
    assert observe(edited) == observe(_uncached(args, tmp_path))


WRONG_VALUES = [
    # two strings where the rule set and its matchers (or the lexicon's two tables) were
    pytest.param(["a", "b"], id="pair-of-strings"),
    # two nulls
    pytest.param([None, None], id="pair-of-nulls"),
    # a mapping with none of the parts an entry has
    pytest.param({"fields": {}, "rules": []}, id="wrong-mapping"),
    # a number
    pytest.param(12, id="number"),
]


@pytest.mark.parametrize("kind", ["rules", "vader"])
@pytest.mark.parametrize("value", WRONG_VALUES)
def test_a_cache_entry_of_the_wrong_shape_is_rebuilt_not_trusted(
        kind: str, value: Any, tmp_path: Path, entry_keys: Callable[..., list[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch, uncached: Callable[[list[str]], Run]) -> None:
    folder = tmp_path / "cache"
    expected = uncached(SCORE)
    keys = [key for k, key in entry_keys(folder, *SCORE) if k == kind]
    # A well-formed entry, under the key the run reads, whose value is wrong.
    monkeypatch.setenv("BIASDASH_CACHE_DIR", str(folder))
    for key in keys:
        rulecache.write(kind, key, value)
        assert rulecache.read(kind, key) == value
    run = _run(SCORE, folder, tmp_path)
    assert (run.code, run.stdout) == (expected.code, expected.stdout)
    assert all(rulecache.read(kind, key) != value for key in keys), "the wrong entry was not rebuilt"
