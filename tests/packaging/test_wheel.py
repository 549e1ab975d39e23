"""The wheel as `pip install .` would make it: built from a copy of the project (offline, with the
setuptools and wheel of this environment), installed into a bare folder and run from a folder with
no seeds/ and no terminal. Plain `biasdash` must then score the seeds packaged with it, which are
real files in the wheel (dashboard/seeds is a link to ../seeds in the checkout), beside the rules
and the rule-file schema."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = sorted(p.name for p in (PROJECT / "seeds").glob("*.txt"))
RULES = sorted(p.name for p in (PROJECT / "rules").iterdir() if p.suffix in (".yaml", ".tsv", ".json"))


def _build_backend_missing() -> str | None:
    """Why the wheel cannot be built offline here, or None (pyproject: setuptools>=68, wheel)."""
    try:
        version = importlib.metadata.version("setuptools")
        importlib.metadata.version("wheel")
    except importlib.metadata.PackageNotFoundError as exc:
        return f"the build backend is not installed ({exc.name}); pip install 'setuptools>=68' wheel"
    if int(version.split(".")[0]) < 68:
        return f"setuptools {version} is older than the 68 pyproject.toml asks for"
    return None


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(_build_backend_missing() is not None, reason=str(_build_backend_missing()))]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the project (the build writes build/ and egg-info beside
    its sources; the checkout is left alone). Links are copied as links, as git checks them out."""
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    for name in ("dashboard", "rules", "seeds"):
        shutil.copytree(PROJECT / name, source / name, symlinks=True, ignore=ignore)
    assert (source / "dashboard" / "seeds").is_symlink()  # as in the checkout
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                            "--no-index", "-q", "-w", str(out)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = out.glob("biasdash-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("target")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                           "--target", str(target), str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def test_the_wheel_holds_the_rules_the_schema_and_the_seeds_as_real_files(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for seed in SEEDS:
            member = archive.getinfo(f"dashboard/seeds/{seed}")
            assert (member.external_attr >> 16) & 0o170000 != 0o120000, f"{seed} is a link in the wheel"
            assert archive.read(member) == (PROJECT / "seeds" / seed).read_bytes()
        for rule_file in RULES:
            assert f"dashboard/rules/{rule_file}" in names, rule_file
        assert "dashboard/rules/schema.json" in names
        assert any(name.endswith(".dist-info/entry_points.txt") for name in names)


def _run(command: list[str], installed: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin", "HOME": str(cwd),
           "BIASDASH_CACHE_DIR": "off", "COLUMNS": "200"}
    return subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("how", ["python -m dashboard", "the biasdash script"])
def test_plain_biasdash_from_the_wheel_scores_the_packaged_seeds(installed: Path, tmp_path: Path, how: str) -> None:
    where = _run([sys.executable, "-c", "import dashboard; print(dashboard.__file__)"], installed, tmp_path)
    assert where.stdout.startswith(str(installed)), where  # the installed copy, not the checkout
    command = [sys.executable, "-m", "dashboard"] if how.startswith("python") else [str(installed / "bin" / "biasdash")]
    result = _run(command, installed, tmp_path)  # no seeds/ here, no terminal
    assert result.returncode == 0, result.stderr
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert rows == [Path(seed).stem for seed in SEEDS]  # the two articles, scored
    assert "no terminal" in result.stderr
