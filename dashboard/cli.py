"""Provides the `biasdash` command: check, score, rules, eval; stdout is data, stderr diagnostics."""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import stat
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from pathlib import Path

from . import __version__
from .engine.analysis import SEVERITY_RANK, Analysis
from .engine.article import Article
from .engine.kinds import KINDS, RULE_KINDS, SEVERITIES, did_you_mean
from .engine.ruleset import RuleSet
from .report.atomic import GuardedStream, OutputError
from .report.colour import COLOR_CHOICES, paint_error, paint_finding, wants_colour
from .report.explain import explain_lines
from .report.records import FINDINGS, FORMAT_HELP, FORMATS, Record, renderer
from .report.safe import plain
from .runtime.articles import DEFAULT_MAX_BYTES, MAX_LIMIT_BYTES, LoadError, load_articles
from .runtime.config import Config, load_config
from .runtime.distributed import ClusterError  # (imports no dask)
from .runtime.rulepacks import RuleErrors, load_rules
from .runtime.terminal import is_terminal
from .runtime.yamlsafe import FileError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, BinaryIO, TextIO

    from .report.ci import CiRun
    from .report.cifindings import InputError
    from .runtime.progress import Progress

COMMANDS = ("check", "score", "compare", "report", "rules", "eval", "train", "tui", "completion")
COMPARE_FORMATS = FORMATS["compare"]


class ExitCode(IntEnum):
    """What `biasdash` exits with; EXIT_CODES says what each means (in --help and README)."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERNAL = 3
    HUNG_UP = 129
    INTERRUPTED = 130
    TERMINATED = 143


EXIT_CODES = {
    ExitCode.OK: "no finding at or above --fail-on (check); everything scored (other commands)",
    ExitCode.FINDINGS: "check: findings at or above --fail-on; rules test: an example failed",
    # Told as file:line:column: message. With -o, the old report is then left as it was.
    ExitCode.ERROR: "usage, config, rule-file or input error, no article at all in the paths, or the "
                    "output could not be written",
    # Never 1, which a CI gate would read as findings; never a traceback.
    ExitCode.INTERNAL: "an error of biasdash itself (a bug), told in one line",
    ExitCode.HUNG_UP: "SIGHUP (the terminal closed): stopped, no partial output file left",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); no partial output file left",
    ExitCode.TERMINATED: "SIGTERM (a CI job cancelled, kill): stopped as for Ctrl-C",
}


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised in the main thread like KeyboardInterrupt for Ctrl-C, so that
    every `finally` runs: the atomic writer removes its temporary file, the worker pool its workers."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = ExitCode.HUNG_UP if signum == signal.SIGHUP else ExitCode.TERMINATED


@dataclass
class Streams:
    """The standard streams a run reads and writes (replaced in tests), and how much it says on
    stderr: errors always; notes and summaries unless --quiet; per-file details with --verbose."""

    stdin: BinaryIO
    stdout: TextIO
    stderr: TextIO
    color: str | None = None  # --color as given (None: not given)
    verbosity: int = 0  # -1 --quiet, 0, 1 --verbose
    progress: Progress | None = None  # the progress line on stderr while one is drawn

    def error(self, message: str) -> None:
        text = plain(message)
        self._say(paint_error(text) if self.colour(self.stderr) else text)

    def note(self, message: str) -> None:
        """A note or summary for the reader (what a table left out, how many were checked)."""
        if self.verbosity >= 0:
            self._say(plain(message))

    def detail(self, message: str) -> None:
        """What --verbose adds: the rule files read, each article and its time, cache hits."""
        if self.verbosity > 0:
            self._say(plain(message))

    def colour(self, stream: TextIO) -> bool:
        """Whether what goes to `stream` is coloured (report/colour.py decides, for every output)."""
        return wants_colour(self.color, stream, os.environ)

    def _say(self, text: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        try:
            print(text, file=self.stderr)
        except (OSError, ValueError):  # stderr is gone (a closed terminal after SIGHUP)
            pass


class _HeldErrors(Streams):
    """Streams whose error messages are held, each with how many records came before it, so
    that a run which writes its records only at the end still tells each error in its place."""

    def __init__(self, streams: Streams) -> None:
        super().__init__(streams.stdin, streams.stdout, streams.stderr, streams.color, streams.verbosity)
        self.seen = 0
        self.held: list[tuple[int, str]] = []

    def error(self, message: str) -> None:
        self.held.append((self.seen, message))

    def between(self, records: Iterator[Record], streams: Streams) -> Iterator[Record]:
        """The records, each after the errors that came before it; the rest of the errors last."""
        held = iter(self.held)
        pending = next(held, None)
        for k, record in enumerate(records):
            while pending is not None and pending[0] <= k:
                streams.error(pending[1])
                pending = next(held, None)
            yield record
        while pending is not None:
            streams.error(pending[1])
            pending = next(held, None)


def exit_code(*, input_errors: int, worst: str | None, fail_on: str, skip_bad: bool) -> ExitCode:
    """The exit code of a check run from what it found."""
    if input_errors and not skip_bad:
        return ExitCode.ERROR
    if worst is not None and SEVERITY_RANK[worst] >= SEVERITY_RANK[fail_on]:
        return ExitCode.FINDINGS
    return ExitCode.OK


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {value}")
    return value


def _max_bytes(text: str) -> int:
    """--max-bytes: a whole number of bytes in 1..MAX_LIMIT_BYTES (a larger limit would end in
    MemoryError or OverflowError when an article is read, not in a clear refusal)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of bytes, got {text[:40]!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {value}")
    if value > MAX_LIMIT_BYTES:
        raise argparse.ArgumentTypeError(f"at most {MAX_LIMIT_BYTES} bytes (1 GiB)")
    return value


def _seconds(text: str) -> float:
    """--timeout: a finite number of seconds > 0 (NaN would never time out, inf neither)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text[:40]!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a finite number of seconds > 0, got {text[:40]}")
    return value


def _help_width() -> int:
    """The width argparse would use (shutil.get_terminal_size less 2), without importing shutil,
    which argparse does for every parser it builds (3 ms of each `check`)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns if columns > 0 else 80) - 2


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, but an epilog keeps its lines (the tables of exit codes and formats),
    each wrapped on its own, continued under its text."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" not in text:
            return super()._fill_text(text, width, indent)
        import re
        import textwrap

        lines = []
        for line in text.splitlines():
            term = re.match(r"\s*\S+\s{2,}", line)  # `  0    meaning`: continued under the meaning
            hang = " " * (term.end() if term else 2)
            lines.append(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent + hang)
                         if line else "")
        return "\n".join(lines)


def _formatter(prog: str) -> argparse.HelpFormatter:
    return _HelpFormatter(prog, width=_help_width())


def _epilog(command: str | None) -> str:
    """The exit codes and --format choices, for `biasdash --help` (command None) and a command's
    help, made from EXIT_CODES and FORMAT_HELP, the tables the code runs on."""
    lines = ["exit codes:"]
    lines += [f"  {int(code):<5}{meaning}" for code, meaning in EXIT_CODES.items()]
    if command is None:
        lines += ["", "formats (--format; the first is the default; `biasdash COMMAND --help` says more):"]
        lines += [f"  {name:<9}{', '.join(formats)}" for name, formats in FORMAT_HELP.items()]
    elif command in FORMAT_HELP:
        lines += ["", "formats (--format):"]
        lines += [f"  {name:<9}{meaning}{' (default)' if k == 0 else ''}"
                  for k, (name, meaning) in enumerate(FORMAT_HELP[command].items())]
    return "\n".join(lines)


def _global_options(p: argparse.ArgumentParser) -> None:
    """--color, --quiet and --verbose: given before the command or after it (`biasdash -q check`,
    `biasdash check -q`); not given, they are absent from the parsed arguments."""
    p.add_argument("--color", choices=COLOR_CHOICES, default=argparse.SUPPRESS,
                   help="colour the findings and errors: auto (default) only on a terminal, and not "
                        "when NO_COLOR is set (FORCE_COLOR forces it); always; never")
    said = p.add_mutually_exclusive_group()
    said.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                      help="nothing on stderr but errors: no progress, notes or summary (stdout "
                           "and exit codes unchanged)")
    said.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                      help="also say on stderr which rule files were read, each article scored "
                           "and its time, and cache hits")


def _common(p: argparse.ArgumentParser) -> None:
    """The options of every command that loads rules."""
    p.add_argument("--config", type=Path, metavar="FILE.toml",
                   help="config file (default: [tool.biasdash] in the nearest pyproject.toml)")
    p.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR",
                   help="an extra rule pack (folder or file); rules with the same id replace the default's")
    p.add_argument("--no-default-rules", action="store_true",
                   help="use only the packs given with --rules")
    p.add_argument("--no-model", action="store_true",
                   help="attribution by the rules alone, without the learned decision layer "
                        "(dashboard/rules/attribution_model.tsv)")

def _input_options(p: argparse.ArgumentParser, paths: str = "+") -> None:
    """The inputs and run options of `check`, `score` and `compare`."""
    p.add_argument("paths", nargs=paths, metavar="PATH",
                   help="article files (.txt, .md), saved web pages (.html, .htm), folders, .jsonl files, "
                        "or - for stdin")
    p.add_argument("--max-bytes", type=_max_bytes, default=None, metavar="N",
                   help=f"refuse articles larger than N bytes (default {DEFAULT_MAX_BYTES}, "
                        f"at most {MAX_LIMIT_BYTES})")
    p.add_argument("--skip-bad", action="store_true",
                   help="report unreadable articles but do not let them change the exit code")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write the report to FILE instead of stdout: a file is replaced "
                        "atomically, and only when the run succeeds; a device or pipe is "
                        "written directly; an input is never overwritten")
    p.add_argument("-j", "--jobs", type=_positive_int, default=None, metavar="N",
                   help="worker processes (default: all cores for folders, JSONL and several "
                        "files; 1 for a single article)")
    p.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="give up on an article after this long, report it and go on "
                        "(with --jobs > 1; default 60)")
    p.add_argument("--dask", default=None, metavar="ADDRESS",
                   help="score on the Dask cluster at ADDRESS (tcp://host:8786); needs biasdash[dask]")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="biasdash", formatter_class=_formatter,
        description="Media-bias and sourcing checks for news articles.",
        epilog=_epilog(None))
    parser.add_argument("--version", action="version", version=f"biasdash {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str) -> argparse.ArgumentParser | None:
        """The sub-command's parser, with its options when it is the one being run (or for full
        help); the others are listed by name only (building every option would cost `check` 4 ms)."""
        if only not in (None, name):
            sub.add_parser(name, help=help)
            return None
        command = sub.add_parser(name, help=help, formatter_class=_formatter, epilog=_epilog(name))
        _global_options(command)
        return command

    if check := add("check", "check articles against the rules; the exit code gates CI"):
        _input_options(check)
        _common(check)
        check.add_argument("--fail-on", choices=SEVERITIES, default=None,
                           help="lowest severity that makes the exit code 1 (default: warning)")
        check.add_argument("--format", choices=FORMATS["check"], default=None, metavar="FORMAT",
                           help=f"{', '.join(FORMATS['check'])} (default text; see formats below)")
        check.add_argument("--baseline", type=Path, default=None, metavar="FILE",
                           help="report and fail only on findings not in this baseline")
        check.add_argument("--write-baseline", type=Path, default=None, metavar="FILE",
                           help="record this run's findings in FILE (JSON), for --baseline; exits 0 "
                                "once it is written")
        check.add_argument("--watch", action="store_true",
                           help="check, then keep watching the paths: re-check the articles that "
                                "change and print only the findings that are new or fixed (text "
                                "format; Ctrl-C ends it, exit 130)")

    if score := add("score", "score articles (the JSON score contract, a table or CSV)"):
        _input_options(score)
        _common(score)
        score.add_argument("--format", choices=FORMATS["score"], default=None, metavar="FORMAT",
                           help=f"{', '.join(FORMATS['score'])} (default table; see formats below)")
        score.add_argument("--explain", action="store_true",
                           help="print each attribution span by span with why it was taken "
                                "(rule, pattern, and the model's probability and strongest features)")

    if compare := add("compare", "compare articles: which reuses which, the credit, the attribution changes"):
        _input_options(compare, paths="*")
        _common(compare)
        compare.add_argument("--pairs", default=None, metavar="FILE.jsonl",
                             help='align each pair of this file, one {"a": path-or-id, "b": path-or-id} '
                                  "a line (ids of the articles given as PATH)")
        compare.add_argument("--format", choices=COMPARE_FORMATS, default=None, metavar="FORMAT",
                             help=f"{', '.join(COMPARE_FORMATS)} (default text; see formats below)")
        compare.add_argument("--tui", action="store_true",
                             help="open the two articles A B side by side in the compare screen of the dashboard")

    if report := add("report", "write a self-contained HTML report: table, per-outlet aggregates, charts"):
        _input_options(report)
        _common(report)

    if rules := add("rules", "validate, list, show and test rule files"):
        _rules_actions(rules, _common)

    if evaluate := add("eval", "measure accuracy on annotated JSONL (see docs)"):
        evaluate.add_argument("task", choices=("attribution", "loaded"))
        evaluate.add_argument("file", type=Path, metavar="FILE.jsonl")
        evaluate.add_argument("--format", choices=FORMATS["eval"], default="text", metavar="FORMAT",
                              help=f"{', '.join(FORMATS['eval'])} (default text; see formats below)")
        evaluate.add_argument("--worst", type=int, default=10, metavar="N",
                              help="how many worst-performing rules to list")
        _common(evaluate)

    if train := add("train", "train the learned attribution layer on annotated JSONL (needs biasdash[train])"):
        train.add_argument("task", choices=("attribution",))
        train.add_argument("file", type=Path, metavar="FILE.jsonl")
        train.add_argument("-o", "--output", type=Path, default=None, metavar="PATH",
                           help="where to write the weights (default: dashboard/rules/attribution_model.tsv)")
        train.add_argument("--folds", type=_positive_int, default=5, metavar="K",
                           help="k-fold cross-validation by article (default 5; 1: no cross-validation)")
        _common(train)

    if tui := add("tui", "open the dashboard"):
        tui.add_argument("paths", nargs="*", metavar="PATH")
        tui.add_argument("-j", "--jobs", type=_positive_int, default=None, metavar="N",
                         help="worker processes for the background scoring (default: all cores)")
        _common(tui)

    if completion := add("completion", "print the shell completion script: "
                                       'eval "$(biasdash completion bash)" in ~/.bashrc'):
        from .report.completion import SHELLS

        completion.add_argument("shell", choices=SHELLS,
                                help='bash: eval "$(biasdash completion bash)" in ~/.bashrc; zsh: the same in '
                                     "~/.zshrc; fish: biasdash completion fish | source")
    return parser


def _rules_actions(rules: argparse.ArgumentParser, common: Callable[[argparse.ArgumentParser], None]) -> None:
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    def add(name: str, help: str) -> argparse.ArgumentParser:
        action = rules_sub.add_parser(name, help=help, formatter_class=_formatter, epilog=_epilog("rules"))
        _global_options(action)
        return action
    validate = add("validate", help="validate rule files (default: the packs in use)")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    common(validate)
    listing = add("list", help="list the rules in use")
    listing.add_argument("--kind", choices=RULE_KINDS)
    common(listing)
    show = add("show", help="show one rule: description, settings, examples")
    show.add_argument("rule_id", metavar="ID")
    common(show)
    test = add("test", help="run every rule's examples through the engine")
    test.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                      help="extra rule packs to test with the packs in use")
    test.add_argument("--only", action="append", metavar="ID", help="test only these rules")
    common(test)
    metrics = add("metrics", help="list the metrics checks can compare")
    common(metrics)
    kinds = add("kinds", help="list the kinds of rule file")
    common(kinds)
    docs = add("docs", help="print the rule-file reference (docs/rules.md) in Markdown")
    common(docs)
    schema = add("schema", help="print the JSON Schema of rule files (rules/schema.json)")
    common(schema)
    new = add("new", help="scaffold a rule of KIND, with a description and examples, in your own pack")
    new.add_argument("kind", choices=RULE_KINDS, metavar="KIND", help=", ".join(RULE_KINDS))
    new.add_argument("--id", dest="new_id", default=None, metavar="ID", help="the rule's id (default: my-KIND)")
    new.add_argument("--pack", type=Path, default=None, metavar="DIR",
                     help="the pack folder to write to (default: the last pack --rules or the config "
                          "names, else ./rules-local)")
    common(new)
    learn = add(
        "learn", help="measure each cue form / loaded term on annotated JSONL and propose `except` lists")
    learn.add_argument("task", choices=("attribution", "loaded"))
    learn.add_argument("file", type=Path, metavar="FILE.jsonl")
    learn.add_argument("--min-support", type=int, default=None, metavar="N",
                       help="only judge forms predicted at least N times (default 5)")
    learn.add_argument("--max-precision", type=float, default=None, metavar="P",
                       help="propose dropping forms whose precision is below P (default 0.35)")
    learn.add_argument("--all", action="store_true", help="list every measured form, not only the proposals")
    common(learn)


_GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose")


def _split_globals(args_list: list[str]) -> tuple[list[str], list[str]]:
    """The global options given before the command (`biasdash --color never -q check ...`), and
    the rest, from the command on."""
    k = 0
    while k < len(args_list):
        word = args_list[k]
        if word in _GLOBAL_FLAGS or word.startswith("--color="):
            k += 1
        elif word == "--color" and k + 1 < len(args_list):
            k += 2
        else:  # (a --color without its value is argparse's to refuse)
            break
    return args_list[:k], args_list[k:]


def _argv(argv: list[str] | None) -> list[str]:
    """The arguments, with `tui` put first when no command is given (`biasdash seeds/`), after
    any global options."""
    given, rest = _split_globals(list(sys.argv[1:] if argv is None else argv))
    if not rest or (rest[0] not in COMMANDS and rest[0] not in ("-h", "--help", "--version")):
        rest = ["tui", *rest]
    return [*given, *rest]


def main(argv: list[str] | None = None, *, stdin: BinaryIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run biasdash with `argv`; returns the exit code (see ExitCode). Never raises for a user
    error, a full disk or a bug: each is one line on stderr and its exit code."""
    # Writes to stdout that fail (a full disk) raise OutputError, told apart from other OSErrors.
    out: TextIO = GuardedStream(stdout or sys.stdout)  # type: ignore[assignment]
    streams = Streams(stdin or sys.stdin.buffer, out, stderr or sys.stderr)
    try:
        given = list(sys.argv[1:] if argv is None else argv)
        rest = _split_globals(given)[1]
        problem = _unknown_command(rest) if rest else None
        if problem:
            streams.error(problem)
            return ExitCode.ERROR
        args_list = _argv(given)
        code = _parse_and_dispatch(args_list, streams, implicit=_split_globals(args_list)[1][:1] != rest[:1])
        streams.stdout.flush()  # a full disk shows here for output smaller than the buffer
        return code
    except KeyboardInterrupt:
        streams.error("biasdash: interrupted")
        return ExitCode.INTERRUPTED
    except Terminated as exc:
        streams.error("biasdash: terminated" + (" (hang-up)" if exc.code == ExitCode.HUNG_UP else ""))
        return exc.code
    except BrokenPipeError:
        return ExitCode.OK
    except OutputError as exc:
        streams.error(f"biasdash: cannot write output: {exc}")
        return ExitCode.ERROR
    except ClusterError as exc:  # --dask: no dask, a bad address, no scheduler, lost cluster
        streams.error(f"biasdash: {exc}")
        return ExitCode.ERROR
    except MemoryError:
        streams.error("biasdash: out of memory (a lower --max-bytes or fewer --jobs may help)")
        return ExitCode.INTERNAL
    except Exception as exc:
        streams.error(f"biasdash: internal error: {type(exc).__name__}: {exc}")
        if os.environ.get("BIASDASH_TRACEBACK"):
            import traceback

            streams.error(traceback.format_exc().rstrip("\n"))
        else:
            streams.error("biasdash: this is a bug in biasdash; please report it with the command "
                          "that caused it (BIASDASH_TRACEBACK=1 shows where it happened)")
        return ExitCode.INTERNAL


def _unknown_command(args_list: list[str]) -> str | None:
    """Why the first word is refused: a word close to a command that is not a file or folder
    (`biasdash chek seeds/`), rather than "no such file"."""
    word = args_list[0]
    if word in COMMANDS or word.startswith("-") or os.path.lexists(word):
        return None
    hint = did_you_mean(word, COMMANDS)
    return f"biasdash: unknown command {word!r}{hint}; commands: {', '.join(COMMANDS)}" if hint else None


def _parse_and_dispatch(args_list: list[str], streams: Streams, *, implicit: bool = False) -> int:
    rest = _split_globals(args_list)[1]
    parser = build_parser(rest[0] if rest and rest[0] in COMMANDS else None)
    try:
        with redirect_stdout(streams.stdout), redirect_stderr(streams.stderr):
            args = parser.parse_args(args_list)
            if getattr(args, "quiet", False) and getattr(args, "verbose", False):  # one before the command
                parser.error("argument -v/--verbose: not allowed with argument -q/--quiet")
    except SystemExit as exc:
        return ExitCode.ERROR if exc.code else ExitCode.OK
    args.implicit = implicit  # `biasdash PATH`, no command named
    # What is not given keeps what the streams have (a run `biasdash PATH` hands on to `score`).
    streams.color = getattr(args, "color", streams.color)
    if getattr(args, "quiet", False) or getattr(args, "verbose", False):
        streams.verbosity = -1 if getattr(args, "quiet", False) else 1
    return _dispatch(args, streams)


_MAIN_PID = 0  # the process that installed the handlers below (forked workers inherit them)


def _on_signal(signum: int, frame: Any) -> None:
    """SIGTERM / SIGHUP: raise Terminated in the main thread, as Python does KeyboardInterrupt."""
    if os.getpid() != _MAIN_PID:  # a forked worker: end as the signal says, without a traceback
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    # A second signal must not cut the first one's cleanup short (temporary file, workers).
    for other in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(other, signal.SIG_IGN)
    raise Terminated(signum)


def _install_signal_handlers() -> None:
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        # Left alone when ignored on purpose (nohup): a hang-up must then not stop the run.
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _on_signal)


def run() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        try:  # a byte the terminal's encoding cannot show becomes an escape, not a crash
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    # Not for the dashboard: the app handles SIGTERM and SIGHUP itself, through its event loop.
    if _argv(None)[0] != "tui":
        _install_signal_handlers()
    try:
        code = main()
    except Terminated as exc:  # in the moment before main() catches it
        code = exc.code
    try:
        sys.stdout.flush()
    except OSError:
        # A broken pipe or a full disk, already reported; what is still buffered goes nowhere, so
        # that the interpreter's own flush at exit fails neither (exit 120, "Exception ignored").
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    sys.exit(code)


def _dispatch(args: argparse.Namespace, streams: Streams) -> int:
    if args.command == "completion":
        from .report.completion import script

        streams.stdout.write(script(args.shell, build_parser()))
        return ExitCode.OK
    try:
        config = load_config(args.config)
    except FileError as exc:
        streams.error(f"{exc}")
        return ExitCode.ERROR
    format_problem = _config_format_problem(config)
    if format_problem is not None:
        streams.error(format_problem)
        return ExitCode.ERROR
    if args.command in ("check", "score", "compare", "report", "train"):
        problem = _outputs_problem(args, config, streams)
        if problem is not None:
            streams.error(problem)
            return ExitCode.ERROR
    if args.command == "rules" and args.rules_command == "metrics":
        return _rules_metrics(streams)
    if args.command == "rules" and args.rules_command in ("kinds", "docs", "schema"):
        return _rules_kinds(args.rules_command, streams)
    if args.command == "rules" and args.rules_command == "validate" and args.paths:
        return _rules_validate_paths(args.paths, streams)
    if args.command == "tui":
        return _tui(args, config, streams)
    extra = list(args.paths) if args.command == "rules" and args.rules_command == "test" else []
    ruleset = _load_ruleset(args, config, streams, extra)
    if ruleset is None:
        return ExitCode.ERROR
    if args.command == "score" and args.explain:
        return _explain(args, config, ruleset, streams)
    if args.command in ("check", "score"):
        return _score_or_check(args, config, ruleset, streams)
    if args.command == "compare":
        return _compare(args, config, ruleset, streams)
    if args.command == "report":
        return _report(args, config, ruleset, streams)
    if args.command == "rules" and args.rules_command == "new":
        return _rules_new(args, config, ruleset, streams)
    if args.command == "rules":
        return _rules(args, ruleset, streams)
    if args.command == "eval":
        return _eval(args, ruleset, streams)
    if args.command == "train":
        return _train(args, ruleset, streams)
    return _tui(args, config, streams)


def default_seeds() -> Path:
    """`seeds/` in the current folder, else the seeds packaged with biasdash (dashboard/seeds,
    a link to the project's seeds/ in a checkout, package data in a wheel)."""
    here = Path("seeds")
    return here if here.is_dir() else Path(__file__).resolve().parent / "seeds"


def _has_terminal(streams: Streams) -> bool:
    """Whether standard input and output are both a terminal, as the dashboard needs."""
    try:
        return bool(streams.stdin.isatty() and streams.stdout.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _tui(args: argparse.Namespace, config: Config, streams: Streams) -> int:
    paths = list(args.paths) or [str(default_seeds())]
    if not _has_terminal(streams):
        # In a pipe or CI the dashboard would wait for keys that never come.
        if getattr(args, "implicit", False):
            streams.note("biasdash: no terminal: printing the scores as `biasdash score` does "
                          "(run it in a terminal for the dashboard)")
            argv = ["score", *paths, *(["--config", str(args.config)] if args.config else []),
                    *[a for pack in args.rules for a in ("--rules", str(pack))],
                    *(["--no-default-rules"] if args.no_default_rules else []),
                    *(["--no-model"] if args.no_model else []),
                    *(["--jobs", str(args.jobs)] if args.jobs else [])]
            return _parse_and_dispatch(argv, streams)
        streams.error("biasdash: the dashboard needs a terminal on standard input and output; "
                      "`biasdash score PATH...` prints the scores, `biasdash check PATH...` the findings")
        return ExitCode.ERROR
    missing = False
    for path in paths:
        if path == "-":
            continue
        try:
            os.stat(path)
        except FileNotFoundError:
            streams.error(f"{path}:1:1: error: no such file or folder")
            missing = True
        except (OSError, ValueError) as exc:  # a name too long, a NUL in it, a folder not searchable
            streams.error(f"{path}:1:1: error: cannot read: {getattr(exc, 'strerror', None) or exc}")
            missing = True
    if missing:
        return ExitCode.ERROR
    if "-" in paths:
        streams.error("biasdash: the dashboard cannot read standard input; give files or folders")
        return ExitCode.ERROR
    from .tui.app import BiasDashApp, RuleSource

    rules = RuleSource(config.rules + list(args.rules), config.default_rules and not args.no_default_rules,
                       config.disable, config.rule_overrides())
    app = BiasDashApp(paths, rules, max_bytes=config.max_bytes or DEFAULT_MAX_BYTES, jobs=args.jobs)
    app.run()
    # The app sets 143 or 129 when it is stopped by SIGTERM or SIGHUP.
    return int(app.return_code or 0)


def _load_ruleset(args: argparse.Namespace, config: Config, streams: Streams,
                  extra: list[Path]) -> RuleSet | None:
    packs = config.rules + list(args.rules) + extra
    include_default = config.default_rules and not args.no_default_rules
    try:
        ruleset = load_rules(packs, include_default=include_default, disabled=config.disable,
                             overrides=config.rule_overrides(),
                             model=not (args.no_model or args.command in ("train", "rules")),
                             said=streams.detail if streams.verbosity > 0 else None)
    except RuleErrors as exc:
        for error in exc.errors:
            streams.error(str(error))
        streams.error(f"biasdash: {len(exc.errors)} problem(s) in rule files; nothing was scored")
        return None
    problems = config.check_ids_exist(ruleset)
    for problem in problems:
        streams.error(str(problem))
    return None if problems else ruleset


def _records(args: argparse.Namespace, config: Config, ruleset: RuleSet, streams: Streams,
             counts: dict[str, int], render: Callable[[Analysis], Any],
             errors: list[InputError] | None = None) -> Iterator[Any]:
    """Each article's output in input order; unreadable inputs are reported on stderr and counted
    (and added to `errors`, for the CI formats to tell them too)."""
    from .runtime.corpus import DEFAULT_TIMEOUT, score_all

    max_bytes = args.max_bytes or config.max_bytes or DEFAULT_MAX_BYTES
    items = load_articles(args.paths, max_bytes=max_bytes, stdin=streams.stdin)
    jobs = args.jobs if args.jobs is not None else _auto_jobs(args.paths)
    if args.dask is not None:
        from .runtime.distributed import score_on_dask

        scored_items = score_on_dask(items, ruleset, args.dask, render)
    else:
        scored_items = score_all(items, ruleset, jobs=jobs, timeout=args.timeout or DEFAULT_TIMEOUT,
                                 render=render)
    progress = _progress(args, streams)
    try:
        for scored in scored_items:
            if progress is not None:
                progress.advance()
            item = scored.item
            if isinstance(item, LoadError):
                counts["errors"] += 1
                streams.error(f"{item.path}:{item.line}:{item.column}: error: {item.message}")
                if errors is not None:
                    from .report.cifindings import InputError

                    errors.append(InputError(None if item.path == "<stdin>" else item.path,
                                             item.line, item.column, item.message))
                continue
            if scored.error is not None:
                counts["errors"] += 1
                streams.error(f"{_where(item)}: error: {item.id!r}: {scored.error}")
                if errors is not None:
                    from .report.cifindings import InputError

                    errors.append(InputError(item.path, item.line, 1, f"{item.id!r}: {scored.error}"))
                continue
            counts["articles"] += 1
            if streams.verbosity > 0:
                took = "" if scored.seconds is None else f" in {scored.seconds * 1000:.0f} ms"
                streams.detail(f"biasdash: scored {item.id}{took} ({_where(item)})")
            if progress is not None and is_terminal(streams.stdout):
                progress.clear()  # the record goes to the same terminal: redrawn at the next article
            yield scored.rendered
    finally:
        if progress is not None:
            progress.close()
            streams.progress = None


def _progress(args: argparse.Namespace, streams: Streams, what: str = "article") -> Progress | None:
    """The progress line on stderr for a corpus run at a terminal (not --quiet, not in CI); the
    articles to come are counted first unless a JSONL file or standard input gives them (other
    things counted, `what`, have no total)."""
    from .runtime.progress import Progress, wanted

    if not _is_corpus(args.paths) or not wanted(streams.stderr, quiet=streams.verbosity < 0, environ=os.environ):
        return None
    from .runtime.articles import expand_paths

    total: int | None = None
    if what == "article" and not any(p == "-" or p.lower().endswith(".jsonl") for p in args.paths):
        total = sum(1 for item in expand_paths(list(args.paths))
                    if isinstance(item, LoadError) or not item.lower().endswith(".jsonl"))
    try:
        width = os.get_terminal_size(streams.stderr.fileno()).columns
    except (AttributeError, ValueError, OSError):
        width = 80
    streams.progress = Progress(streams.stderr, total, width=width, what=what)
    return streams.progress


def _is_corpus(paths: list[str]) -> bool:
    """Whether the paths may give more than one article (several paths, a folder, a JSONL file)."""
    return len(paths) > 1 or any(p != "-" and (os.path.isdir(p) or p.lower().endswith(".jsonl"))
                                 for p in paths)


def _auto_jobs(paths: list[str]) -> int:
    """All cores when there is a corpus to share out; one process for a single article."""
    from .runtime.corpus import default_jobs

    return default_jobs() if _is_corpus(paths) else 1


def _where(article: Article) -> str:
    return f"{article.path or '<stdin>'}:{article.line}:1"


def _configured_format(config: Config, command: str) -> str | None:
    """The config's `format` where the command has it; None where only other commands have it
    (`format = "sarif"` is check's: score keeps its default)."""
    return config.format if config.format in FORMATS[command] else None


def _config_format_problem(config: Config) -> str | None:
    """The error for a config `format` that no command has (said at the key's line), or None."""
    known = sorted({f for formats in FORMATS.values() for f in formats})
    if config.format is None or config.format in known:
        return None
    line, column = config.where(("format",))
    return (f"{config.path}:{line}:{column}: error: format {config.format!r} is not one of "
            f"{', '.join(known)}{did_you_mean(config.format, known)}")


def _score_or_check(args: argparse.Namespace, config: Config, ruleset: RuleSet,
                    streams: Streams) -> int:
    counts = {"articles": 0, "errors": 0, "findings": 0}
    worst: list[str] = []
    is_check = args.command == "check"
    fmt = args.format or _configured_format(config, args.command) or ("text" if is_check else "table")

    if is_check and args.watch:
        return _check_watch(args, config, ruleset, streams, fmt)

    if fmt == "parquet" and (is_terminal(streams.stdout) if args.output is None
                             else _is_terminal_path(args.output)):
        streams.error(f"biasdash: --format parquet is binary and {args.output or 'stdout'} is a terminal: "
                      "give -o FILE (or pipe it on); nothing was scored")
        return ExitCode.ERROR
    if fmt == "parquet":
        from .report.frame import MissingPyarrow, require_pyarrow

        try:
            require_pyarrow()
        except MissingPyarrow as exc:
            streams.error(f"biasdash: {exc}")
            return ExitCode.ERROR

    # The reuse checks compare the articles of a corpus: not run (nor imported) for one article.
    reuse_checks = is_check and _is_corpus(args.paths) and bool(ruleset.compiled.reuse)
    fail_on = args.fail_on if is_check and args.fail_on else (config.fail_on or "warning")
    ci = _ci_run(args, fmt, ruleset, fail_on, reuse_checks, streams) if is_check else None
    if isinstance(ci, ExitCode):
        return ci
    made = FINDINGS if ci else fmt  # what each article's Record holds
    errors = ci.input_errors if ci else None  # told by the CI formats too

    def records() -> Iterator[Record]:
        if reuse_checks:
            from .report.compare import record_and_digest

            render: Callable[[Analysis], Any] = partial(record_and_digest, fmt=made)
            # Held until the pairs are found; an input error is told where it came among them.
            held = _HeldErrors(streams)
            taken = []
            for item in _records(args, config, ruleset, held, counts, render, errors):
                taken.append(item)
                held.seen = len(taken)
            # The pairs are found before any record is written: that wait has a line of its own.
            comparing = _progress(args, streams, "comparison") if len(taken) > 1 else None
            scored = held.between(_with_reuse_findings(taken, made, ruleset, comparing), streams)
        else:
            scored = _records(args, config, ruleset, streams, counts, renderer(made, is_check), errors)
        if ci:
            scored = ci.filtered(scored)
        for record in scored:
            counts["findings"] += record.findings
            if record.findings:
                worst.append(record.worst or "info")
            yield record

    def failed() -> bool:
        return bool(counts["errors"]) and not args.skip_bad

    if _write_report(args, config, streams, fmt, records(), failed, counts, ci or None) is not None:
        return ExitCode.ERROR
    if is_check:
        streams.note(f"biasdash: {counts['articles']} article(s) checked, "
                      f"{counts['findings']} finding(s), {counts['errors']} input error(s)"
                      + (_baseline_summary(ci) if ci else ""))
    if not counts["articles"] and not counts["errors"]:
        # An empty folder (or a path a CI job got wrong) must not pass as a clean run.
        streams.error(f"biasdash: error: no article in {', '.join(args.paths)} (a folder's .txt, .md, "
                      ".jsonl, .html and .htm files are read)")
        return ExitCode.ERROR
    if ci and ci.entries is not None:
        return _write_baseline(args, ci, failed(), streams, counts)
    worst_level = max(worst, key=SEVERITY_RANK.__getitem__) if worst else None
    if not is_check:
        return ExitCode.ERROR if counts["errors"] and not args.skip_bad else ExitCode.OK
    return exit_code(input_errors=counts["errors"], worst=worst_level, fail_on=fail_on,
                     skip_bad=args.skip_bad)


def _ci_run(args: argparse.Namespace, fmt: str, ruleset: RuleSet, fail_on: str, corpus: bool,
            streams: Streams) -> CiRun | ExitCode | None:
    """How a check run with a CI format or a baseline is written (report/ci.py); None for the
    other runs, an exit code when the baseline cannot be read (told on stderr)."""
    from .report.ci import CI_FORMATS

    if fmt not in CI_FORMATS and args.baseline is None and args.write_baseline is None:
        return None
    from .report.baseline import BaselineError, read_baseline
    from .report.ci import CiRun

    ci = CiRun(fmt, ruleset, fail_on, corpus, entries=[] if args.write_baseline is not None else None)
    if args.baseline is not None:
        try:
            ci.baseline = read_baseline(args.baseline)
        except BaselineError as exc:
            streams.error(f"{exc}; nothing was checked")
            return ExitCode.ERROR
    return ci


def _baseline_summary(ci: CiRun) -> str:
    if ci.baseline is None:
        return ""
    gone = f"; {ci.baseline.gone} of its findings not found again" if ci.baseline.gone else ""
    return f"; {ci.in_baseline} finding(s) in the baseline not reported{gone}"


def _write_baseline(args: argparse.Namespace, ci: CiRun, failed: bool, streams: Streams,
                    counts: dict[str, int]) -> int:
    """--write-baseline: the run's findings written to FILE, unless an input could not be read."""
    from .report.baseline import write_baseline

    if failed:
        streams.error(f"biasdash: the baseline was not written: {counts['errors']} input error(s) "
                      "(with --skip-bad, it records the articles that could be read)")
        return ExitCode.ERROR
    try:
        write_baseline(args.write_baseline, ci.entries or [])
    except OutputError as exc:
        streams.error(f"{args.write_baseline}:1:1: error: cannot write the baseline: {exc}")
        return ExitCode.ERROR
    streams.note(f"biasdash: {len(ci.entries or [])} finding(s) written to the baseline {args.write_baseline}")
    return ExitCode.OK


def _check_watch(args: argparse.Namespace, config: Config, ruleset: RuleSet, streams: Streams,
                 fmt: str) -> int:
    """`check --watch`: runs until interrupted (Ctrl-C: 130, SIGTERM: 143, as main says)."""
    from .runtime.watch import check_watch

    if fmt != "text" or args.output is not None or "-" in args.paths \
            or args.baseline is not None or args.write_baseline is not None:
        streams.error("biasdash: --watch prints text findings to the terminal: it takes neither "
                      "--format nor -o, --baseline, --write-baseline, nor - (standard input)")
        return ExitCode.ERROR

    colour = streams.colour(streams.stdout)

    def out(line: str) -> None:
        print(paint_finding(line) if colour else line, file=streams.stdout, flush=True)

    from .engine.reuse.pairs import Kept

    reuse = partial(_watch_reuse, ruleset, Kept()) if ruleset.compiled.reuse else None
    check_watch(list(args.paths), ruleset, _watch_findings, out=out, err=streams.error, note=streams.note,
                max_bytes=args.max_bytes or config.max_bytes or DEFAULT_MAX_BYTES, reuse=reuse)
    return ExitCode.OK


def _watch_findings(analysis: Analysis) -> Any:
    """(a score_all render) The article's findings as `check` prints them, split into where,
    severity and what, for `check --watch` to tell new ones from moved ones; and its digest, for
    the reuse checks."""
    from .engine.reuse import digest
    from .report.records import finding_parts
    from .runtime.watch import Checked, Finding

    return Checked([Finding(*finding_parts(analysis.article, f)) for f in analysis.findings], digest(analysis))


def _watch_reuse(ruleset: RuleSet, kept: Any, digests: list[Any]) -> dict[tuple[str, str], list[Any]]:
    """`check --watch`'s reuse checks over every article watched: the findings on each article
    that reuses another, as `check` prints them, by (path, id); pairs whose articles did not
    change since the last time are not aligned again (`kept`)."""
    from .engine.reuse.checks import corpus_findings
    from .report.records import finding_parts
    from .runtime.watch import Finding

    extra = _by_derivative(corpus_findings(digests, ruleset, kept=kept))
    found: dict[tuple[str, str], list[Any]] = {}
    for d in digests:
        for f in extra.pop(d.id, []):
            found.setdefault((d.article.path or "-", d.id), []).append(Finding(*finding_parts(d.article, f)))
    return found


def _by_derivative(pairs: list[tuple[Any, list[Any]]]) -> dict[str, list[Any]]:
    """The reuse checks' findings of a corpus's pairs (corpus_findings), by derivative's id."""
    extra: dict[str, list[Any]] = {}
    for pair, found in pairs:
        if found and pair.derivative is not None:
            extra.setdefault(pair.derivative, []).extend(found)
    return extra


def _write_report(args: argparse.Namespace, config: Config, streams: Streams, fmt: str,
                  records: Iterator[Record], failed: Callable[[], bool], counts: dict[str, int],
                  ci: CiRun | None = None) -> ExitCode | None:
    """Writes the records to stdout or to -o FILE (replaced only when the run succeeds); an
    exit code when the report could not be written, else None."""
    if args.output is None:
        _write(fmt, records, streams.stdout, ci, streams.note, streams.colour(streams.stdout))
        return None
    # (An output that is an input was refused by _dispatch, before anything was read.)
    from .report.atomic import open_report

    kept = (f"{args.output} is as it was" if os.path.lexists(args.output)
            else f"{args.output} was not created")
    try:
        with open_report(args.output, newline="" if fmt in ("csv", "parquet") else None) as report:
            _write(fmt, records, report.handle, ci, colour=streams.color == "always")
            # A failed run keeps the old report: an empty or partial one must not replace it.
            if failed() and report.discard():
                streams.error(f"biasdash: the report was not written: {counts['errors']} input "
                              f"error(s); {kept} (with --skip-bad, the report of the "
                              "articles that could be read is written)")
    except OutputError as exc:
        streams.error(f"{args.output}:1:1: error: cannot write the report: {exc}")
        if not _is_device(args.output):
            streams.error(f"biasdash: the report was not written; {kept}")
        return ExitCode.ERROR
    return None


def _report(args: argparse.Namespace, config: Config, ruleset: RuleSet, streams: Streams) -> int:
    """`biasdash report PATH... -o report.html`: the HTML report of the articles' table rows."""
    counts = {"articles": 0, "errors": 0, "findings": 0}
    records = _records(args, config, ruleset, streams, counts, renderer("csv", False))

    def failed() -> bool:
        return bool(counts["errors"]) and not args.skip_bad

    if _write_report(args, config, streams, "html", records, failed, counts) is not None:
        return ExitCode.ERROR
    return ExitCode.ERROR if failed() else ExitCode.OK


def _with_reuse_findings(scored: list[tuple[Record, Any]], fmt: str, ruleset: RuleSet,
                         progress: Progress | None = None) -> Iterator[Record]:
    """`check`'s records with the reuse checks' findings added to each derivative's: the pairs of
    the corpus where one article reuses another, found once every article is scored (each
    comparison counted on `progress`, cleared once they are all made)."""
    from .engine.reuse.checks import corpus_findings
    from .report.compare import with_findings

    digests = [d for _, d in scored]

    def counted() -> bool:  # find_pairs asks before each comparison whether to stop: never
        if progress is not None:
            progress.advance()
        return False

    extra = _by_derivative(corpus_findings(digests, ruleset, stop=counted) if len(digests) > 1 else [])
    if progress is not None:
        progress.close()
    for record, d in scored:
        yield with_findings(record, fmt, d.article, extra.pop(d.article.id, []), d.sentences)


def _compare(args: argparse.Namespace, config: Config, ruleset: RuleSet, streams: Streams) -> int:
    """`biasdash compare`: two articles aligned, the reused pairs of a corpus, or the pairs of a
    --pairs file; each pair in the compare contract (docs/contract.md) or as text."""
    from .engine.reuse import compare, digest, find_pairs
    from .engine.reuse.checks import reuse_findings
    from .report.compare import pair_body

    fmt = args.format or _configured_format(config, "compare") or "text"
    if not args.paths and args.pairs is None:
        streams.error("biasdash compare: give two articles (A B), a corpus (files, folders, JSONL) "
                      "or --pairs FILE.jsonl")
        return ExitCode.ERROR
    counts = {"articles": 0, "errors": 0, "findings": 0}
    analyses: list[Any] = list(_records(args, config, ruleset, streams, counts, digest)) if args.paths else []
    if args.pairs is not None:
        wanted = _pairs_wanted(args, config, ruleset, streams, counts, analyses)
    elif _two_articles(args.paths) and len(analyses) == 2:
        wanted = [(analyses[0], analyses[1])]
    else:
        wanted = []
    if args.tui:
        return _compare_tui(wanted, ruleset, streams)
    if wanted:
        pairs = [(compare(a, b), a, b) for a, b in wanted]
    else:
        by_id: dict[str, Any] = {}
        for d in analyses:
            by_id.setdefault(d.article.id, d)
        found_pairs = find_pairs(analyses) if len(analyses) > 1 and args.pairs is None else []
        pairs = [(p, by_id[p.a], by_id[p.b]) for p in found_pairs]

    def records() -> Iterator[Record]:
        for pair, a, b in pairs:
            found = reuse_findings(pair, a, b, ruleset)
            counts["findings"] += len(found)
            body = pair_body(fmt, pair, a, b, found)
            yield Record(len(found), None, body + "\n" if fmt == "text" else body)

    def failed() -> bool:
        return bool(counts["errors"]) and not args.skip_bad

    if _write_report(args, config, streams, fmt, records(), failed, counts) is not None:
        return ExitCode.ERROR
    reused = sum(1 for p, _, _ in pairs if p.reused)
    streams.note(f"biasdash: {counts['articles']} article(s) read, {len(pairs)} pair(s) compared, "
                  f"{reused} of them reuse, {counts['errors']} input error(s)")
    return ExitCode.ERROR if failed() else ExitCode.OK


def _compare_tui(wanted: list[tuple[Any, Any]], ruleset: RuleSet, streams: Streams) -> int:
    """`compare A B --tui`: the compare screen on the two articles (analysed again in full: the
    screen shows every span)."""
    if len(wanted) != 1:
        streams.error("biasdash compare --tui: give exactly two articles (A B) or a --pairs file of one pair")
        return ExitCode.ERROR
    from .engine.pipeline import analyse
    from .engine.reuse import compare
    from .tui.compare import run_compare

    a, b = (analyse(d.article, ruleset) for d in wanted[0])
    return run_compare([a, b], compare(a, b))


def _two_articles(paths: list[str]) -> bool:
    """Whether the paths are two article files (`compare A B`), not a corpus to search."""
    return len(paths) == 2 and all(not p.lower().endswith(".jsonl") and not os.path.isdir(p)
                                   for p in paths)


def _pairs_wanted(args: argparse.Namespace, config: Config, ruleset: RuleSet, streams: Streams,
                  counts: dict[str, int], analyses: list[Any]) -> list[tuple[Any, Any]]:
    """The pairs of the --pairs file as digests: each side an id of an article given as PATH, or
    an article file (read here when no PATH gave it); every side that is neither is reported."""
    from .engine.reuse import digest
    from .runtime.compare import PairRef, read_pairs

    refs: list[PairRef] = []
    for item in read_pairs(args.pairs):
        if isinstance(item, LoadError):
            counts["errors"] += 1
            streams.error(f"{item.path}:{item.line}:{item.column}: error: {item.message}")
        else:
            refs.append(item)

    def known(ref: str) -> Any:
        for d in analyses:
            if d.article.id == ref or (d.article.path and os.path.normpath(d.article.path) == os.path.normpath(ref)):
                return d
        return None

    files = sorted({side for ref in refs for side in (ref.a, ref.b)
                    if known(side) is None and os.path.isfile(side)})
    if files:
        extra = argparse.Namespace(**{**vars(args), "paths": files})
        analyses.extend(_records(extra, config, ruleset, streams, counts, digest))
    out = []
    for ref in refs:
        a, b = known(ref.a), known(ref.b)
        for side, found in ((ref.a, a), (ref.b, b)):
            if found is None:
                counts["errors"] += 1
                streams.error(f"{ref.path}:{ref.line}:1: error: {side!r} is neither the id of an article "
                              "given nor an article file that could be read")
        if a is not None and b is not None:
            out.append((a, b))
    return out


def _is_device(path: Path) -> bool:
    """Whether the report at `path` goes to a device or pipe (written directly, not replaced)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _outputs(args: argparse.Namespace) -> Iterator[tuple[str, Path]]:
    """Every file the command writes, named as its messages name it."""
    if getattr(args, "output", None) is not None:
        yield ("the weights file" if args.command == "train" else "the output"), args.output
    if getattr(args, "write_baseline", None) is not None:
        yield "the baseline to write", args.write_baseline


def _outputs_problem(args: argparse.Namespace, config: Config, streams: Streams) -> str | None:
    """Why one of the files the command writes (-o, --write-baseline) cannot be written, checked
    before anything is read or scored: see _output_problem; two outputs that are one file too."""
    done = "nothing was trained" if args.command == "train" else "nothing was scored"
    seen: dict[object, str] = {}
    for name, path in _outputs(args):
        problem = _output_problem(args, config, streams, path, name, done)
        if problem is not None:
            return problem
        key = _file_key(path)
        if key is not None and key in seen:
            return f"{path}:1:1: error: {name} is also {seen[key]}: one would replace the other; {done}"
        seen[key] = name
    return None


def _file_key(path: Path) -> object:
    """What tells two outputs apart: an existing file's device and inode, a new file's resolved
    path; None for a device or pipe (/dev/null may well be given twice)."""
    from .report.atomic import output_target

    try:
        target = output_target(path)
        info = os.stat(target)
    except FileNotFoundError:
        return os.path.realpath(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _output_problem(args: argparse.Namespace, config: Config, streams: Streams, path: Path,
                    name: str = "the output", done: str = "nothing was scored") -> str | None:
    """Why `path` (-o FILE, --write-baseline FILE) cannot be written, checked before anything is
    scored: a folder, a symlink loop, or a file that is one of the run's inputs (an article, the
    config, a rule file, the baseline read, the training file, the pairs file)."""
    from .report.atomic import output_target

    written = "the baseline" if name == "the baseline to write" else (
        "the weights" if name == "the weights file" else "the report")
    try:
        target = output_target(path)
        info = os.stat(target)
    except FileNotFoundError:
        return None  # a new file: not an input
    except OSError as exc:
        return f"{path}:1:1: error: cannot write {written}: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return None  # a device or pipe, written directly; inputs are regular files
    key = (info.st_dev, info.st_ino)
    if "-" in getattr(args, "paths", []):  # `biasdash check - -o article.txt < article.txt`
        try:
            given = os.fstat(streams.stdin.fileno())
        except (AttributeError, OSError, ValueError):  # not a file (a test's BytesIO, a closed stdin)
            pass
        else:
            if (given.st_dev, given.st_ino) == key:
                return (f"{path}:1:1: error: {name} is the article read from standard "
                        f"input: an input is never overwritten; {done}")
    for what, source in _inputs(args, config):
        if what.startswith("the baseline ") and name == "the baseline to write":
            continue  # `--baseline B --write-baseline B`: the baseline brought up to date, as meant
        try:
            found = os.stat(source)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == key:
            return (f"{path}:1:1: error: {name} is {what}: an input is never "
                    f"overwritten; {done}")
    return None


def _inputs(args: argparse.Namespace, config: Config) -> Iterator[tuple[str, str]]:
    """Every file the run reads, described: articles (in folders too), the pairs file, the
    baseline, the annotated file of train/eval, the config, the weights, rule files."""
    from .runtime.articles import expand_paths
    from .runtime.rulepacks import default_rules_dir, discover_rule_files

    for item in expand_paths(list(getattr(args, "paths", []))):
        if isinstance(item, str) and item != "-":
            yield f"the article {item}", item
    if getattr(args, "pairs", None):
        yield f"the pairs file {args.pairs}", args.pairs
    if getattr(args, "baseline", None) is not None:
        yield f"the baseline {args.baseline}", str(args.baseline)
    if getattr(args, "file", None) is not None:
        yield f"the annotated file {args.file}", str(args.file)
    if config.path:
        yield f"the config file {config.path}", config.path
    if args.command != "train" and not args.no_model:  # (train replaces the weights: its purpose)
        from .runtime.model import shipped_model_path

        yield f"the weights file {shipped_model_path()}", str(shipped_model_path())
    packs = ([default_rules_dir()] if config.default_rules and not args.no_default_rules else [])
    for pack in packs + config.rules + list(args.rules):
        if pack.exists():
            for path in discover_rule_files(pack):
                yield f"the rule file {path}", str(path)


def _write(fmt: str, records: Iterator[Record], out: TextIO, ci: CiRun | None = None,
           note: Callable[[str], None] | None = None, colour: bool = False) -> None:
    """Writes records as they come, in every format (a JSON array, the CSV and the table too),
    so memory stays flat on any corpus. `colour`: check's text findings with their severity
    coloured (report/colour.py)."""
    if ci is not None:
        ci.write(records, out)
    elif fmt == "text":
        for record in records:
            if record.body:
                body = "\n".join(map(paint_finding, record.body.split("\n"))) if colour else record.body
                print(body, file=out)
    elif fmt == "jsonl":
        for record in records:
            print(record.body, file=out)
            out.flush()
    elif fmt == "json":
        # Byte for byte what json.dump(list, indent=2) writes, one element at a time.
        separator = "[\n"
        for record in records:
            out.write(separator + "\n".join("  " + line for line in record.body.split("\n")))
            separator = ",\n"
        print("[]" if separator == "[\n" else "\n]", file=out)
    elif fmt == "html":
        from .report.htmlreport import render_html

        out.write(render_html(record.body for record in records))
    elif fmt == "parquet":  # columnar: the whole corpus is one frame, written at the end
        from .report.frame import write_parquet

        out.flush()
        write_parquet((record.body for record in records), out.buffer)
        out.buffer.flush()
    elif fmt == "csv":  # by pandas, a frame of rows at a time: memory stays flat
        from .report.frame import write_csv

        write_csv((record.body for record in records), out)
    else:
        from .report.table import TableWriter, terminal_width

        writer = TableWriter(out, terminal_width(out))
        for record in records:
            writer.write(record.body)
        writer.close()
        if note is not None and is_terminal(out):
            left_out = writer.left_out()
            if left_out:
                note(left_out)


def _is_terminal_path(path: Path) -> bool:
    """Whether -o PATH is a terminal (/dev/tty, /dev/stdout at a terminal): opened to ask, never
    made the controlling terminal; only character devices are opened."""
    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False  # told when the report is opened
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def _rules_validate_paths(paths: list[Path], streams: Streams) -> int:
    try:
        ruleset = load_rules(paths, include_default=False)
    except RuleErrors as exc:
        for error in exc.errors:
            streams.error(str(error))
        return ExitCode.ERROR
    print(f"ok: {len(ruleset.rules)} rules", file=streams.stdout)
    return ExitCode.OK


def _rules(args: argparse.Namespace, ruleset: RuleSet, streams: Streams) -> int:
    out = streams.stdout
    action = args.rules_command
    if action == "validate":
        files = sorted({r.file for r in ruleset.rules})
        print(f"ok: {len(ruleset.rules)} rules in {len(files)} files", file=out)
        return ExitCode.OK
    if action == "list":
        for rule in ruleset.rules:
            if args.kind and rule.kind != args.kind:
                continue
            summary = " ".join(rule.description.split())
            state = "" if rule.enabled else " (disabled)"
            print(plain(f"{rule.id:<36} {rule.kind:<10} {summary[:90]}{state}"), file=out)
        return ExitCode.OK
    if action == "learn":
        return _rules_learn(args, ruleset, streams)
    if action == "show":
        shown = ruleset.by_id.get(args.rule_id)
        if shown is None:
            hint = did_you_mean(args.rule_id, list(ruleset.by_id))
            streams.error(f"biasdash: no rule with id {args.rule_id!r}{hint}")
            return ExitCode.ERROR
        print(plain(describe_rule(shown), keep_newlines=True), file=out)
        return ExitCode.OK
    return _rules_test(args, ruleset, streams)


def _rules_new(args: argparse.Namespace, config: Config, ruleset: RuleSet, streams: Streams) -> int:
    """`rules new KIND`: a scaffolded rule written to the user's pack, then validated and its
    examples run with the packs in use; one that does not hold is removed again."""
    from .engine.ruletest import run_examples
    from .runtime.rulenew import NewRuleError, write_new_rule
    from .runtime.rulepacks import relative, user_pack

    named = config.rules + list(args.rules)
    pack = args.pack or user_pack(named)
    rule_id = args.new_id or f"my-{args.kind}"
    taken = ruleset.by_id.get(rule_id)
    if taken is not None:
        streams.error(f"biasdash: a rule with id {rule_id!r} is already in use ({taken.file}); "
                      "give another --id (to change that rule, copy it into your pack)")
        return ExitCode.ERROR
    try:
        path = write_new_rule(pack, args.kind, rule_id)
    except NewRuleError as exc:
        streams.error(f"biasdash: {exc}")
        return ExitCode.ERROR
    except OSError as exc:
        streams.error(f"{pack}: error: cannot write the rule: {exc.strerror or exc}")
        return ExitCode.ERROR
    # Checked with the packs in use, as `rules test --rules PACK` will (the pack added if unnamed).
    unnamed = not any(p.resolve() == pack.resolve() for p in named)
    checked = _load_ruleset(args, config, streams, [pack] if unnamed else [])
    failures = [] if checked is None else [r for r in run_examples(checked, {rule_id}) if not r.passed]
    if checked is None or failures:
        path.unlink()
        for failure in failures:
            streams.error(plain(failure.describe()))
        streams.error(f"biasdash: the new rule did not hold with the packs in use; {path} was removed")
        return ExitCode.ERROR
    pack, path = relative(pack), relative(path)
    print(f"wrote {path}: rule {rule_id} ({args.kind}), valid and its examples pass", file=streams.stdout)
    print(f"next: write its description and examples, then `biasdash rules test --rules {pack}`",
          file=streams.stdout)
    if unnamed:
        print(f"the pack is read only when named: --rules {pack}, or rules = [\"{pack}\"] in the config",
              file=streams.stdout)
    return ExitCode.OK


def _rules_kinds(action: str, streams: Streams) -> int:
    """`rules kinds`, `rules docs` and `rules schema`: what the registry of rule kinds says."""
    if action == "docs":
        from .report.ruledocs import rules_reference

        streams.stdout.write(rules_reference())
        return ExitCode.OK
    if action == "schema":
        from .report.ruleschema import schema_text

        streams.stdout.write(schema_text())
        return ExitCode.OK
    for name, kind in KINDS.items():
        print(f"{name:<10} {kind.summary}", file=streams.stdout)
    return ExitCode.OK


def describe_rule(rule: Any) -> str:
    skip = {"id", "kind", "description", "examples", "file", "line", "column"}
    lines = [f"{rule.id} ({rule.kind})", f"  defined at {rule.file}:{rule.line}:{rule.column}", "",
             "  " + " ".join(rule.description.split()), ""]
    for name in rule.fields:
        if name in skip:
            continue
        value = getattr(rule, name)
        if isinstance(value, tuple):
            value = ", ".join(value)
        lines.append(f"  {name}: {value}")
    lines.append("")
    lines.append("  examples that must fire:")
    lines.extend(f"    + {e}" for e in rule.examples.match)
    if rule.examples.no_match:
        lines.append("  examples that must not fire:")
        lines.extend(f"    - {e}" for e in rule.examples.no_match)
    return "\n".join(lines)


def _rules_test(args: argparse.Namespace, ruleset: RuleSet, streams: Streams) -> int:
    from .engine.ruletest import run_examples

    only = set(args.only) if args.only else None
    if only:
        unknown = sorted(only - set(ruleset.by_id))
        if unknown:
            streams.error(f"biasdash: no rule with id {', '.join(map(repr, unknown))}")
            return ExitCode.ERROR
    passed = failed = 0
    for result in run_examples(ruleset, only):
        if result.passed:
            passed += 1
        else:
            failed += 1
            print(plain("FAIL " + result.describe()), file=streams.stdout)
    print(f"{passed} passed, {failed} failed", file=streams.stdout)
    return ExitCode.FINDINGS if failed else ExitCode.OK


def _rules_metrics(streams: Streams) -> int:
    from .engine.metrics import METRICS

    for metric in METRICS.values():
        high = "" if metric.high is None else f"{metric.high:g}"
        print(f"{metric.name:<24} [{metric.low:g}, {high or 'inf'}]  {metric.meaning}",
              file=streams.stdout)
    return ExitCode.OK


def _read_annotated(path: Path, streams: Streams) -> tuple[list[dict[str, Any]], int] | None:
    """The records of an annotated JSONL file, and how many bad lines were reported."""
    from .evaluate import read_eval_file

    if not path.is_file():
        streams.error(f"{path}:1:1: error: no such file")
        return None
    records, bad = [], 0
    for item in read_eval_file(path):
        if isinstance(item, str):
            bad += 1
            streams.error(item)
        else:
            records.append(item)
    return records, bad


def _eval(args: argparse.Namespace, ruleset: RuleSet, streams: Streams) -> int:
    from .evaluate import evaluate_attribution, evaluate_loaded, format_text

    read = _read_annotated(args.file, streams)
    if read is None:
        return ExitCode.ERROR
    records, bad = read
    run = evaluate_attribution if args.task == "attribution" else evaluate_loaded
    report = run(records, ruleset)
    if args.format == "json":
        json.dump(report.to_json(), streams.stdout, indent=2)
        print(file=streams.stdout)
    else:
        streams.stdout.write(format_text(report, worst=args.worst))
    return ExitCode.ERROR if bad else ExitCode.OK


def _rules_learn(args: argparse.Namespace, ruleset: RuleSet, streams: Streams) -> int:
    from .learn import LEARNED_CUE_ID, MAX_PRECISION, MIN_SUPPORT, except_yaml, exclusions, learn

    read = _read_annotated(args.file, streams)
    if read is None:
        return ExitCode.ERROR
    records, bad = read
    # Learned cue forms are re-learned, not measured as if they were curated.
    ruleset = RuleSet(tuple(r for r in ruleset.rules if r.id != LEARNED_CUE_ID))
    scores = learn(records, ruleset, args.task)
    support = MIN_SUPPORT if args.min_support is None else args.min_support
    ceiling = MAX_PRECISION if args.max_precision is None else args.max_precision
    proposed = exclusions(scores, ruleset, min_support=support, max_precision=ceiling)
    out = streams.stdout
    print(f"{'rule':<32} {'form':<28} {'P':>6} {'correct':>8} {'predicted':>10}", file=out)
    for s in scores:
        if args.all or s.form in proposed.get(s.rule, ()):
            print(plain(f"{s.rule:<32} {s.form:<28} {s.precision:6.2f} {s.correct:8d} {s.predicted:10d}"),
                  file=out)
    print(f"\n# proposed `except` lists (forms with >= {support} predictions and precision < {ceiling}):",
          file=out)
    by_key = {(s.rule, s.form): s for s in scores}
    for rule_id, forms in sorted(proposed.items()):
        print(plain(except_yaml(ruleset.by_id[rule_id], forms, by_key), keep_newlines=True), file=out)
    if args.task == "attribution":
        from .learn import learned_cue_yaml, propose_cue_forms

        print("\n# proposed learned cue forms (rules/cues_learned.yaml):", file=out)
        print(plain(learned_cue_yaml(propose_cue_forms(records, ruleset), args.file.name),
                    keep_newlines=True), file=out)
    return ExitCode.ERROR if bad else ExitCode.OK


def _train(args: argparse.Namespace, ruleset: RuleSet, streams: Streams) -> int:
    from .runtime.model import shipped_model_path
    from .train import train_file

    read = _read_annotated(args.file, streams)
    if read is None:
        return ExitCode.ERROR
    records, bad = read
    if not records:
        streams.error(f"{args.file}:1:1: error: no annotated articles")
        return ExitCode.ERROR
    _, lines, text = train_file(records, ruleset, args.file.name, args.folds, progress=streams.note)
    for line in lines:
        print(line, file=streams.stdout)
    target = args.output or shipped_model_path()
    from .report.atomic import open_report

    try:
        with open_report(target) as report:
            report.handle.write(text)
    except OutputError as exc:
        streams.error(f"{target}:1:1: error: cannot write the weights: {exc}")
        return ExitCode.ERROR
    streams.note(f"biasdash: weights written to {target} ({len(text.splitlines())} lines)")
    return ExitCode.ERROR if bad else ExitCode.OK


def _explain(args: argparse.Namespace, config: Config, ruleset: RuleSet, streams: Streams) -> int:
    from .engine.pipeline import analyse

    errors = 0
    max_bytes = args.max_bytes or config.max_bytes or DEFAULT_MAX_BYTES
    for item in load_articles(args.paths, max_bytes=max_bytes, stdin=streams.stdin):
        if isinstance(item, LoadError):
            errors += 1
            streams.error(f"{item.path}:{item.line}:{item.column}: error: {item.message}")
            continue
        for line in explain_lines(analyse(item, ruleset)):
            print(line, file=streams.stdout)
    return ExitCode.ERROR if errors and not args.skip_bad else ExitCode.OK
