"""Provides safe YAML and TOML loading that keeps the line and column of every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

    import yaml  # imported when a file is read: a cached rule set needs neither parser

# A document whose aliases expand past this many nodes is refused (YAML "billion laughs").
MAX_NODES = 200_000
# Rule and config files past this size are refused unread (the default pack is ~150 kB).
MAX_FILE_BYTES = 32 * 1024 * 1024

if TYPE_CHECKING:
    Key = tuple[Any, ...]


@dataclass
class Located:
    """Plain Python data read from a file, with the 1-based position of each value by key path."""

    data: Any
    path: str
    positions: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def where(self, key: Key) -> tuple[int, int]:
        """The position of the value at `key`, or of its nearest ancestor that has one."""
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), (1, 1))


class FileError(Exception):
    """A problem in a user's file, located at `path:line:column`."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message


def load_yaml(path: Path, text: str | None = None) -> Located:
    """Parse one YAML document with the safe loader; raise FileError on any problem."""
    import yaml

    name = str(path)
    if text is None:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise FileError(name, 1, 1, f"rule file larger than {MAX_FILE_BYTES} bytes")
            raw = path.read_bytes()
        except OSError as exc:
            raise FileError(name, 1, 1, f"cannot read file: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileError(name, 1, 1, f"not UTF-8 text (byte {exc.start})") from None
    try:
        try:
            # libyaml's parser when PyYAML was built with it (ten times faster), same safe composition.
            node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            # The pure-Python parser names the problem and its place more precisely.
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise FileError(name, line, col, f"YAML syntax error: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a control character: its offset, as line and column
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - before.rfind("\n")
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise FileError(name, line, col, f"YAML error: unacceptable character #x{code:04x}: "
                                         "control characters are not allowed") from None
    except yaml.YAMLError as exc:
        raise FileError(name, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise FileError(name, 1, 1, "YAML nested too deeply") from None
    located = Located(None, name)
    if node is None:
        return located
    budget = [MAX_NODES]
    try:
        located.data = _convert(node, (), located, budget, yaml.SafeLoader(""))
    except RecursionError:
        raise FileError(name, 1, 1, "YAML nested too deeply") from None
    return located


def _convert(node: yaml.Node, key: Key, out: Located, budget: list[int],
             loader: yaml.SafeLoader) -> Any:
    import yaml

    budget[0] -= 1
    if budget[0] < 0:
        raise FileError(
            out.path, node.start_mark.line + 1, node.start_mark.column + 1,
            f"document expands to more than {MAX_NODES} values (YAML alias bomb?)",
        )
    out.positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _SAFE_COLLECTION_TAGS:
        raise FileError(out.path, node.start_mark.line + 1, node.start_mark.column + 1,
                        f"tag {node.tag!r} is not allowed here: rule files hold plain data")
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise FileError(out.path, key_node.start_mark.line + 1,
                                key_node.start_mark.column + 1, "mapping keys must be plain text")
            name = key_node.value
            if name in result:
                raise FileError(out.path, key_node.start_mark.line + 1,
                                key_node.start_mark.column + 1, f"duplicate key {name!r}")
            out.positions[key + (name, "__key__")] = (
                key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[name] = _convert(value_node, key + (name,), out, budget, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key + (i,), out, budget, loader) for i, item in enumerate(node.value)]
    if node.tag not in _SAFE_SCALAR_TAGS:
        raise FileError(out.path, node.start_mark.line + 1, node.start_mark.column + 1,
                        f"tag {node.tag!r} is not allowed here: rule files hold plain data")
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError) as exc:
        raise FileError(out.path, node.start_mark.line + 1, node.start_mark.column + 1,
                        f"bad value: {exc}") from None


_SAFE_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}


def load_toml(path: Path) -> Located:
    """Parse a TOML file; positions are found by scanning for each key's line."""
    import tomllib

    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise FileError(name, 1, 1, f"cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise FileError(name, 1, 1, f"not UTF-8 text (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = _toml_error_position(str(exc))
        message = str(exc).split(" (at line")[0]
        raise FileError(name, line, col, f"TOML syntax error: {message}") from None
    except ValueError as exc:  # a 5,000-digit integer
        raise FileError(name, 1, 1, f"bad value: {str(exc).split(';')[0]}") from None
    except RecursionError:
        raise FileError(name, 1, 1, "TOML nested too deeply") from None
    located = Located(data, name)
    _toml_positions(text, located)
    return located


def _toml_error_position(message: str) -> tuple[int, int]:
    found = re.search(r"at line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)


def _toml_positions(text: str, located: Located) -> None:
    table: Key = ()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", stripped)
        if header:
            table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            located.positions.setdefault(table, (number, line.index("[") + 1))
            located.positions.setdefault(table[:-1] + (table[-1], "__key__"),
                                         (number, line.index("[") + 1))
            continue
        assign = re.match(r"^(\s*)([A-Za-z0-9_\-\"'.]+)\s*=", line)
        if assign:
            parts = tuple(p.strip().strip('"\'') for p in assign.group(2).split("."))
            key = table + parts
            col = len(assign.group(1)) + 1
            located.positions.setdefault(key + ("__key__",), (number, col))
            located.positions.setdefault(key, (number, line.index("=") + 2))
