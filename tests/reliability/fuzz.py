"""A time-boxed fuzz harness (Hypothesis-driven) for the input loaders and the rule-file loader.

    python tests/reliability/fuzz.py --seconds 60                  # every target, 60 s each
    python tests/reliability/fuzz.py --seconds 300 --target jsonl  # one target

Targets:
  articles  bytes -> a .txt/.md file (and stdin) -> load_file() -> analyse() -> every output format
  jsonl     lines (JSON values, raw bytes, nasty tokens) -> a .jsonl file -> load_file() -> analyse()
            -> every output format
  rules     text or bytes -> parse_rule_file(); rule files that validate are compiled and their
            examples analysed
  configs   text -> a .toml file -> load_config()
  writers   an output target (a new, existing, read-only or symlinked file, a dangling or looping
            link, a FIFO, a device node, a folder, the input article itself) -> `score`/`check -o`
            in every format, failing runs included -> nothing but the target changed, links and
            devices stay what they were, no temporary file is left
  packs     a rule pack laid out at random (rule files, other files, empty and nested folders,
            symlinks, FIFOs, devices, oversized files) -> load_rules() -> a RuleSet or located
            RuleErrors, never a hang or a read of a file that is not a rule file

An input "fails" when it raises anything but the documented errors, breaks an invariant (spans out
of range, a metric out of its range, an output that cannot be written as UTF-8 or carries a raw
escape), or takes longer than --hang seconds. Each distinct failure (exception type and the product
line that raised it) is shrunk by Hypothesis once, printed with its minimal input, then tolerated so
that fuzzing goes on to find others. Inputs slower than --slow seconds are listed.

Not a test module (pytest does not collect it); atheris is not needed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(HERE))

from hypothesis import HealthCheck, Phase, Verbosity, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from reliability_helpers import contract_spans  # noqa: E402

from dashboard.engine.article import Article  # noqa: E402
from dashboard.engine.metrics import METRICS  # noqa: E402
from dashboard.engine.pipeline import analyse  # noqa: E402
from dashboard.engine.ruleset import RuleSet  # noqa: E402
from dashboard.report.contract import to_contract  # noqa: E402
from dashboard.report.records import finding_lines  # noqa: E402
from dashboard.report.table import to_csv, to_table  # noqa: E402
from dashboard.runtime.articles import LoadError, load_file  # noqa: E402
from dashboard.runtime.config import load_config  # noqa: E402
from dashboard.runtime.rulepacks import RuleErrors, load_rules, parse_rule_file  # noqa: E402
from dashboard.runtime.yamlsafe import FileError  # noqa: E402

RULESET = load_rules()
FIXTURES = HERE / "fixtures"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((PROJECT / "seeds").glob("*.txt"))]


class Hang(Exception):
    """An input ran longer than the hang limit."""


class Broken(AssertionError):
    """An invariant does not hold."""


# --- checks shared by the targets ---------------------------------------------------------------

def _strict_utf8(text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Broken(f"{what} cannot be written as UTF-8: {exc}") from None
    if "\x1b" in text:
        raise Broken(f"raw ESC in {what}")


def check_analysis(article: Article) -> None:
    analysis = analyse(article, RULESET)
    text = article.text
    record = to_contract(analysis)
    for span in contract_spans(record):
        if not 0 <= span["start"] <= span["end"] <= len(text):
            raise Broken(f"span out of range: {span}")
        if "text" in span and text[span["start"]:span["end"]] != span["text"]:
            raise Broken(f"span text differs from the slice: {span}")
    for name, value in analysis.metrics.items():
        metric = METRICS[name]
        if value != value or value < metric.low or (metric.high is not None and value > metric.high):
            raise Broken(f"metric {name} = {value} outside [{metric.low}, {metric.high}]")
    out = json.dumps(record, ensure_ascii=True)
    if not out.isascii():
        raise Broken("JSON output is not ASCII")
    _strict_utf8("\n".join(finding_lines(analysis)), "check text output")
    _strict_utf8(to_table([analysis]), "score table output")
    _strict_utf8(to_csv([analysis]), "score CSV output")


def check_loaded(items: list[Article | LoadError], path: str, lines: int | None = None) -> None:
    for item in items:
        if isinstance(item, LoadError):
            if item.line < 1 or item.column < 1 or (lines is not None and item.line > lines):
                raise Broken(f"bad error position {item}")
            continue
        if not isinstance(item, Article) or not isinstance(item.id, str) or not isinstance(item.text, str):
            raise Broken(f"not an article: {item!r:.200}")
        check_analysis(item)


# --- strategies ---------------------------------------------------------------------------------

def _nasty_bytes() -> list[bytes]:
    out = [b"", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff",
           b"\r\n", b"\r", b"\n", b"\x1b[31m", b"\xe2\x80\xae", b"\xc3\x28", b"\x80", b"\xed\xa0\x80",
           b"\xf4\x90\x80\x80", b'"', "\u201c".encode(), "\u201d".encode(), b" said ", b" told ",
           b"Reuters", b"KCNA", b"according to ", b"READ ALSO", b". ", b"\t", b"\x85", b"\xc2\x85"]
    for path in sorted((FIXTURES / "articles").glob("*")):
        data = path.read_bytes()
        if len(data) < 3000:
            out.append(data)
    out += [t.encode("utf-8") for t in SEED_TEXTS]
    return out


NASTY = _nasty_bytes()
chunks = st.one_of(st.binary(max_size=64), st.sampled_from(NASTY),
                   st.text(max_size=64).map(lambda t: t.encode("utf-8", "surrogatepass")))
article_bytes = st.one_of(
    st.lists(chunks, max_size=24).map(b"".join),
    st.tuples(st.sampled_from([t.encode() for t in SEED_TEXTS]), st.integers(0, 3600),
              st.binary(max_size=16)).map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:]),
    st.tuples(st.text(max_size=400), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252",
                                                       "latin-1", "shift_jis", "gb18030", "koi8-r"]))
      .map(lambda t: t[0].encode(t[1], errors="ignore")),
)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                         st.text(max_size=40))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=12)
record = st.fixed_dictionaries(
    {}, optional={"id": json_values, "text": st.one_of(st.text(max_size=300), st.sampled_from(SEED_TEXTS),
                                                        json_values),
                  "title": json_values, "url": json_values, "outlet": json_values, "date": json_values})
JSON_TOKENS = [
    b'{"id": 1, "text": "Officials said it."}', b'{"id": "x", "text": "\\ud800 said"}',
    b'{"id": "\\udfff", "text": "Kim said it."}', b'{"id": "\\u001b[31m", "text": "Reuters reported it."}',
    b'{"id": ' + b"9" * 5000 + b', "text": "x"}', b'{"id": 1e999, "text": "x"}',
    b'{"id": "d", "text": "x", "z": ' + b"[" * 3000 + b"]" * 3000 + b"}", b"\xef\xbb\xbf{}", b"[]", b"nul\x00l",
    b'{"id": "a", "text": "a", "id": "b"}', b'{"id": NaN, "text": "x"}', b'{"id": -Infinity, "text": "x"}',
]
jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r).encode()),
    record.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.sampled_from(JSON_TOKENS),
    st.binary(max_size=80),
)
jsonl_file = st.lists(st.tuples(jsonl_line, st.sampled_from([b"\n", b"\r\n", b"\n\n", b""])),
                      max_size=8).map(lambda ls: b"".join(a + b for a, b in ls))

YAML_TOKENS = [
    "kind: ", "loaded", "furniture", "sources", "cues", "checks", "vague", "rules:", "\n", "  - ", "    ",
    "id: ", "x-1", "description: ", "d", "examples:", " match: ", "no_match: ", "[", "]", "{", "}", ", ",
    ": ", "'", '"', "&a ", "*a", "!!str ", "!!python/object/apply:os.system ", "!!binary ", "? ", "---\n",
    "...\n", "# c\n", "pattern: ", "(a+)+$", "(a|aa)+$", "([a-z", "\\", "terms: ", "weight: ", "1", "-1",
    "1e9", ".inf", ".nan", "null", "~", "true", "2024-01-01", "\t", "|\n", ">\n", "%YAML 1.1\n", "<<: *a",
    "metric: words\n", "op: '<'\n", "threshold: ", "severity: info\n", "message: m\n", "verbs: [say]\n",
    "neutrality: neutral\n", "name: N\n", "kind: wire\n", "9" * 5000, "[" * 400, "]" * 400, "{a: " * 200,
    "\x1b", "\x00", "\ufeff", "\u202e", "\x85",
]
GOOD_RULE_FILES = [p.read_text(encoding="utf-8") for p in sorted((PROJECT / "rules").glob("*.yaml"))
                   if p.stat().st_size < 20_000]
yaml_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join),
    st.tuples(st.sampled_from(GOOD_RULE_FILES), st.integers(0, 20_000), st.sampled_from(YAML_TOKENS),
              st.integers(0, 50)).map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1] + t[3]:]),
)
yaml_bytes = st.one_of(yaml_text.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200))

TOML_TOKENS = ["fail_on = ", "format = ", "rules = ", "default_rules = ", "disable = ", "max_bytes = ",
               "[checks.min-attribution-density]\n", "threshold = ", "severity = ", "enabled = ",
               '"warning"', '"text"', "true", "1", "0", "-1", "1.5", "inf", "nan", "[", "]", "{", "}",
               ", ", "\n", '"x"', "'x'", "9" * 5000, "[" * 400, "]" * 400, "[[a]]\n", "a.b = 1\n", "\x00",
               "1979-05-27T07:32:00Z", '"""', "\\u0000", "# c\n", "\ufeff"]
toml_text = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(TOML_TOKENS), max_size=40).map("".join))


# --- targets ------------------------------------------------------------------------------------

def target_articles(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "article" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        check_loaded(list(load_file(path)), path)
    check_loaded(list(load_file("-", stdin=io.BytesIO(data))), "-")


def target_jsonl(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "corpus.jsonl")
        with open(path, "wb") as handle:
            handle.write(data)
        check_loaded(list(load_file(path)), path, lines=data.count(b"\n") + 1)


def target_rules(text: str, raw: bytes) -> None:
    for rules, errors in (parse_rule_file(Path("x.yaml"), text), _parse_bytes(raw)):
        if not all(isinstance(e, FileError) and e.line >= 1 and e.column >= 1 for e in errors):
            raise Broken(f"bad errors: {errors!r:.300}")
        if rules and not errors:
            ruleset = RuleSet(tuple(rules))
            for rule in rules[:3]:
                for example in rule.examples.match[:2] + rule.examples.no_match[:2]:
                    analyse(Article(id="example", text=example), ruleset)


def _parse_bytes(raw: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_bytes(raw)
        return parse_rule_file(path)


def target_configs(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "biasdash.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_config(path)
        except FileError as exc:
            if exc.line < 1 or exc.column < 1:
                raise Broken(f"bad position {exc}") from None


# --- writers (-o) -------------------------------------------------------------------------------

OUTPUT_KINDS = ["new", "existing", "readonly", "symlink", "dangling", "loop", "fifo", "device",
                "folder", "input", "config", "subfolder-missing"]
FORMATS = [("score", f) for f in ("table", "json", "jsonl", "csv")] + [("check", f) for f in ("text", "json", "jsonl")]


def _snapshot(folder: str) -> dict[str, Any]:
    """What a user would call the folder's contents: each entry's type, link target and bytes."""
    seen: dict[str, Any] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            if os.path.islink(path):
                seen[path] = ("link", os.readlink(path))
            elif stat_is(info, "reg"):
                with open(path, "rb") as handle:
                    seen[path] = ("file", handle.read(), info.st_mode & 0o7777)
            else:
                seen[path] = ("other", info.st_mode & 0o170000)
    return seen


def stat_is(info: os.stat_result, kind: str) -> bool:
    import stat as st_mod

    return {"reg": st_mod.S_ISREG, "fifo": st_mod.S_ISFIFO, "chr": st_mod.S_ISCHR}[kind](info.st_mode)


def target_writers(kind: str, command_format: tuple[str, str], article: bytes, failing: bool) -> None:
    from dashboard.cli import main

    command, fmt = command_format
    with tempfile.TemporaryDirectory() as folder:
        art = os.path.join(folder, "article.txt")
        with open(art, "wb") as handle:
            handle.write(article)
        config = os.path.join(folder, "biasdash.toml")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write('fail_on = "error"\n')
        old = os.path.join(folder, "old-report.txt")
        with open(old, "w", encoding="utf-8") as handle:
            handle.write("the old report\n")
        target = os.path.join(folder, "out")
        reader = None
        if kind in ("existing", "readonly"):
            os.replace(old, target)
            if kind == "readonly":
                os.chmod(target, 0o444)
        elif kind == "symlink":
            os.symlink("old-report.txt", target)
        elif kind == "dangling":
            os.symlink("nowhere/report", target)
        elif kind == "loop":
            os.symlink("out", target)
        elif kind == "fifo":
            os.mkfifo(target)
            reader = os.open(target, os.O_RDONLY | os.O_NONBLOCK)  # a reader, as `biasdash -o fifo | cat`
        elif kind == "device":
            if os.geteuid() != 0:
                return
            os.mknod(target, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers
        elif kind == "folder":
            os.mkdir(target)
        elif kind == "input":
            target = art
        elif kind == "config":
            target = config
        elif kind == "subfolder-missing":
            target = os.path.join(folder, "missing", "out")
        before = _snapshot(folder)
        inputs = [art] + ([os.path.join(folder, "no-such-article.txt")] if failing else [])
        out, err = io.StringIO(), io.StringIO()
        try:
            code = main([command, *inputs, "--format", fmt, "--config", config, "-o", target, "--jobs", "1"],
                        stdin=io.BytesIO(b""), stdout=out, stderr=err)
        finally:
            if reader is not None:
                while True:  # drain what was written, then close
                    try:
                        if not os.read(reader, 65536):
                            break
                    except BlockingIOError:
                        break
                os.close(reader)
        if "Traceback" in err.getvalue():
            raise Broken(f"traceback on stderr: {err.getvalue()[-300:]}")
        if code not in (0, 1, 2):
            raise Broken(f"exit code {code}")
        after = _snapshot(folder)
        changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
        allowed = {target} if kind in ("new", "existing", "readonly") else set()
        if kind == "symlink":
            allowed = {os.path.join(folder, "old-report.txt")}
        if code == 2:
            allowed = set()  # a failed run keeps every file as it was
        if changed - allowed:
            raise Broken(f"{kind}: exit {code} changed {sorted(changed - allowed)}")
        leftovers = [p for p in after if p.endswith(".tmp")]
        if leftovers:
            raise Broken(f"temporary files left: {leftovers}")
        if kind == "symlink" and not os.path.islink(target):
            raise Broken("the symlink was replaced by a file")


# --- rule packs ----------------------------------------------------------------------------------

PACK_ENTRIES = ["rule", "broken-rule", "text", "empty-yaml", "big-yaml", "folder", "link-to-rule",
                "link-to-outside", "link-loop", "fifo", "device"]
SECRET = b"root:$6$secret-hash:19000:0:99999:7:::\n"


def target_packs(entries: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        outside = os.path.join(folder, "secret")
        with open(outside, "wb") as handle:
            handle.write(SECRET)
        pack = os.path.join(folder, "pack")
        os.mkdir(pack)
        for n, (kind, suffix) in enumerate(entries):
            path = os.path.join(pack, *(["sub"] * (n % 3)), f"e{n}{suffix}")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if kind == "rule":
                Path(path).write_text(GOOD_RULE_FILES[n % len(GOOD_RULE_FILES)].replace("id: ", f"id: p{n}-"),
                                      encoding="utf-8")
            elif kind == "broken-rule":
                Path(path).write_text("kind: loaded\nrules: [\n", encoding="utf-8")
            elif kind == "text":
                Path(path).write_bytes(SECRET)
            elif kind == "empty-yaml":
                Path(path).write_bytes(b"")
            elif kind == "big-yaml":
                Path(path).write_bytes(b"# " + b"x" * (11 << 20) + b"\n")
            elif kind == "folder":
                os.makedirs(path, exist_ok=True)
            elif kind == "link-to-rule":
                os.symlink(os.path.join(PROJECT, "rules", "loaded.yaml"), path)
            elif kind == "link-to-outside":
                os.symlink(outside, path)
            elif kind == "link-loop":
                os.symlink(path, path)
            elif kind == "fifo":
                os.mkfifo(path)
            elif kind == "device" and os.geteuid() == 0:
                os.mknod(path, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 5))  # /dev/zero's
        for given in (Path(pack), *(Path(pack) / f"e{n}{s}" for n, (_, s) in enumerate(entries[:2]))):
            try:
                ruleset = load_rules([given], include_default=False)
            except RuleErrors as exc:
                for error in exc.errors:
                    if error.line < 1 or error.column < 1:
                        raise Broken(f"bad position {error}") from None
                    if "secret-hash" in str(error):
                        raise Broken(f"an error echoes a file that is not a rule file: {error}") from None
                continue
            if not ruleset.rules:
                raise Broken(f"an empty pack was accepted: {given}")


TARGETS: dict[str, tuple[Callable[..., None], list[Any]]] = {
    "articles": (target_articles, [article_bytes, st.sampled_from([".txt", ".md"])]),
    "jsonl": (target_jsonl, [jsonl_file]),
    "rules": (target_rules, [yaml_text, yaml_bytes]),
    "configs": (target_configs, [toml_text]),
    "writers": (target_writers, [st.sampled_from(OUTPUT_KINDS), st.sampled_from(FORMATS),
                                 st.sampled_from([t.encode() for t in SEED_TEXTS] + [b"", b"\x00\x01"]),
                                 st.booleans()]),
    "packs": (target_packs, [st.lists(st.tuples(st.sampled_from(PACK_ENTRIES),
                                                st.sampled_from([".yaml", ".yml", ".txt", ""])),
                                      min_size=0, max_size=6)]),
}


# --- the loop -----------------------------------------------------------------------------------

def _signature(exc: BaseException) -> str:
    """The exception type and the innermost frame in the project (or the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/dashboard/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name}" if ours else "?"
    text = str(exc).split(":")[0][:60] if isinstance(exc, Broken) else ""
    return f"{type(exc).__name__} at {where} {text}".strip()


def _on_alarm(signum: int, frame: Any) -> None:
    raise Hang("input ran past the hang limit")


def fuzz(name: str, seconds: float, hang: float, slow: float, examples: int = 200) -> dict[str, Any]:
    func, strategies = TARGETS[name]
    state: dict[str, Any] = {"runs": 0, "failures": {}, "slow": [], "known": set()}

    def body(args: tuple[Any, ...]) -> None:
        state["runs"] += 1
        started = time.monotonic()
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, hang)
        try:
            func(*args)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            sig = _signature(exc)
            if sig in state["known"]:
                return  # already reported: keep looking for other failures
            state["failures"][sig] = {"exception": f"{type(exc).__name__}: {str(exc)[:300]}",
                                      "input": _show(args),
                                      "traceback": "".join(traceback.format_exception(exc)[-6:])}
            raise
        finally:
            if hasattr(signal, "setitimer"):
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.monotonic() - started
            if took > slow:
                state["slow"].append((round(took, 2), _show(args)))

    test = given(st.tuples(*strategies))(body)
    test = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                    phases=[Phase.generate, Phase.shrink], report_multiple_bugs=False,
                    verbosity=Verbosity.quiet,
                    suppress_health_check=list(HealthCheck))(test)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _on_alarm)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        before = set(state["failures"])
        try:
            test()
        except Exception as exc:
            if not state["failures"] or set(state["failures"]) == before:
                raise RuntimeError("the harness itself failed") from exc
        state["known"] |= set(state["failures"]) - before
    return state


def _show(args: tuple[Any, ...]) -> str:
    parts = []
    for a in args:
        r = repr(a)
        parts.append(r if len(r) <= 300 else f"{r[:240]}... ({len(a)} long)")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="fuzzing time per target (default 60)")
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--hang", type=float, default=20, help="an input slower than this is a failure")
    parser.add_argument("--slow", type=float, default=1.0, help="list inputs slower than this")
    parser.add_argument("--examples", type=int, default=200,
                        help="inputs per batch (default 200; batches repeat until --seconds is up)")
    args = parser.parse_args(argv)
    names = list(TARGETS) if args.target == "all" else [args.target]
    total_failures = 0
    for name in names:
        started = time.monotonic()
        state = fuzz(name, args.seconds, args.hang, args.slow, args.examples)
        took = time.monotonic() - started
        print(f"== {name}: {state['runs']} inputs in {took:.0f} s, "
              f"{len(state['failures'])} distinct failure(s), {len(state['slow'])} slow input(s)")
        for sig, found in state["failures"].items():
            print(f"  FAIL {sig}\n    {found['exception']}\n    minimal input: {found['input']}")
            print("    " + found["traceback"].replace("\n", "\n    ").rstrip())
        for took_s, shown in sorted(state["slow"], reverse=True)[:3]:
            print(f"  SLOW {took_s} s: {shown[:200]}")
        total_failures += len(state["failures"])
        sys.stdout.flush()
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
