"""Runs `python -m dashboard` with a pseudo-terminal as its stdout or stderr (or both), as a
user's terminal would be, and collects what it wrote there."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path

# What CI services set, dropped so that a run under test is treated as a user's terminal.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")


@dataclass
class Run:
    code: int
    stdout: str  # what went to stdout (the terminal's text when it is the terminal)
    stderr: str
    terminal: str  # everything written to the terminal


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in CI_VARIABLES and k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


def run_biasdash(*args: str, cwd: Path, stdout_tty: bool = False, stderr_tty: bool = False,
                 env: dict[str, str] | None = None) -> Run:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # 100 columns
    out = slave if stdout_tty else subprocess.PIPE
    err = slave if stderr_tty else subprocess.PIPE
    process = subprocess.Popen([sys.executable, "-m", "dashboard", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=out, stderr=err, env=env if env is not None else clean_env())
    os.close(slave)
    chunks: list[bytes] = []
    pipes = {p: [] for p in (process.stdout, process.stderr) if p is not None}  # type: ignore[var-annotated]
    open_fds = {master, *(p.fileno() for p in pipes)}
    by_fd = {p.fileno(): p for p in pipes}
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 60)
        if not ready:
            process.kill()
            raise TimeoutError(" ".join(args))
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                data = b""
            if not data:
                open_fds.discard(fd)
                continue
            if fd == master:
                chunks.append(data)
            else:
                pipes[by_fd[fd]].append(data)
    os.close(master)
    code = process.wait(timeout=60)
    terminal = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    piped = {p: b"".join(v).decode("utf-8", "replace") for p, v in pipes.items()}
    return Run(code, piped.get(process.stdout, terminal if stdout_tty else ""),
               piped.get(process.stderr, terminal if stderr_tty else ""), terminal)
