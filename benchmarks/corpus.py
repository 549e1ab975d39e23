"""Builds benchmark corpora as JSONL: articles assembled from ../shared/eval texts when present,
otherwise from seeds/, in the sizes asked for.

    python benchmarks/corpus.py 1000 10000 --out benchmarks/data
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def texts() -> list[dict[str, str]]:
    """Source articles: annotated news when the eval folder is beside the repo, else the seeds."""
    found = []
    for name in ("attribution_dev.jsonl", "loaded_dev.jsonl"):
        path = EVAL / name
        if path.is_file():
            for line in path.open(encoding="utf-8"):
                record = json.loads(line)
                meta = record.get("meta") or {}
                found.append({"text": record["text"], "title": meta.get("title") or "",
                              "outlet": meta.get("publisher") or record.get("dataset", "")})
    if not found:
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            found.append({"text": path.read_text(encoding="utf-8"), "title": path.stem, "outlet": "seed"})
    return found


def build(size: int, out: Path) -> Path:
    """A JSONL corpus of `size` articles (sources reused in turn), written once and kept."""
    path = out / f"corpus_{size}.jsonl"
    if path.is_file():
        return path
    out.mkdir(parents=True, exist_ok=True)
    source = texts()
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for n in range(size):
            record = source[n % len(source)]
            handle.write(json.dumps({"id": f"a{n}", **record}) + "\n")
    tmp.replace(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "data")
    args = parser.parse_args()
    for size in args.sizes:
        print(build(size, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
