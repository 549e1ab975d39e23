"""Provides the golden outputs: what `score --format jsonl` and `check` print on the seeds and on a
fixed corpus built from ../shared/eval, and the command that rewrites them.

    python tests/golden/golden.py        # rewrite tests/golden/*.golden after a deliberate change

The seeds' outputs are kept whole. The eval corpus is research data that must not be copied into
the repository, and its outputs quote it, so only a SHA-256 of each output line is kept.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from contextlib import chdir
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
# The shared evaluation data beside the checkout, or where BIASDASH_EVAL_DIR says (a checkout elsewhere).
EVAL = Path(os.environ.get("BIASDASH_EVAL_DIR") or PROJECT.parent / "shared" / "eval")
# The fixed corpus: the first articles of each annotated file, in file order.
EVAL_SLICES = (("attribution_dev.jsonl", 200), ("loaded_dev.jsonl", 60))
RUNS = {
    "score": ["score", "--format", "jsonl", "--jobs", "1"],
    "check": ["check", "--jobs", "1"],
}


def run(args: list[str]) -> tuple[int, str]:
    """biasdash ARGS from the project folder, in-process: (exit code, stdout)."""
    sys.path.insert(0, str(PROJECT))
    from dashboard.cli import main

    out, err = io.StringIO(), io.StringIO()
    with chdir(PROJECT):
        code = main(args, stdin=io.BytesIO(b""), stdout=out, stderr=err)
    return code, out.getvalue()


def eval_corpus(folder: Path) -> Path | None:
    """The fixed eval corpus as a JSONL file in `folder` (id and text only), or None without
    ../shared/eval."""
    if not all((EVAL / name).is_file() for name, _ in EVAL_SLICES):
        return None
    corpus = folder / "eval-corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for name, count in EVAL_SLICES:
            with (EVAL / name).open(encoding="utf-8") as lines:
                for _, line in zip(range(count), lines):
                    record = json.loads(line)
                    out.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
    return corpus


def outputs(corpus: Path | None) -> dict[str, str]:
    """Every golden file's expected content, by file name."""
    found: dict[str, str] = {}
    for name, args in RUNS.items():
        code, stdout = run([*args, "seeds"])
        found[f"seeds.{name}.golden"] = f"exit {code}\n{stdout}"
        if corpus is not None:
            code, stdout = run([*args, str(corpus)])
            stdout = stdout.replace(str(corpus), "eval-corpus.jsonl")
            digests = [hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()
                       for line in stdout.splitlines()]
            found[f"eval.{name}.golden"] = f"exit {code}\n" + "".join(d + "\n" for d in digests)
    return found


def main() -> int:
    import tempfile

    os.environ.setdefault("BIASDASH_CACHE_DIR", "off")
    with tempfile.TemporaryDirectory() as folder:
        corpus = eval_corpus(Path(folder))
        if corpus is None:
            print(f"{EVAL} not found: only the seeds' golden files are written", file=sys.stderr)
        for name, content in outputs(corpus).items():
            (HERE / name).write_text(content, encoding="utf-8")
            print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
