"""Provides the learned decision layer's weights as data: reading a weights file
(dashboard/rules/attribution_model.tsv by default) into an engine Model, once per file version.

Reading never runs code: the text is parsed line by line (engine/learned.py parse_model), and
a problem is a FileError naming the file and the line."""

from __future__ import annotations

import os
from pathlib import Path

from ..engine.weights import Model, ModelError, parse_model
from .yamlsafe import FileError

MODEL_FILE = "attribution_model.tsv"
MAX_MODEL_BYTES = 16 << 20

_loaded: dict[tuple[str, int, int], Model] = {}


def shipped_model_path() -> Path:
    """The weights file shipped beside the default rule pack."""
    return Path(__file__).resolve().parent.parent / "rules" / MODEL_FILE


def load_model(path: Path) -> Model:
    """The Model in a weights file; FileError (path:line:1) when it cannot be read or used."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileError(str(path), 1, 1, f"cannot read the weights file: {exc.strerror or exc}") from None
    key = (str(path), info.st_mtime_ns, info.st_size)
    found = _loaded.get(key)
    if found is not None:
        return found
    if info.st_size > MAX_MODEL_BYTES:
        raise FileError(str(path), 1, 1, f"the weights file is larger than {MAX_MODEL_BYTES} bytes")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_MODEL_BYTES + 1)
        text = raw.decode("utf-8")
    except OSError as exc:
        raise FileError(str(path), 1, 1, f"cannot read the weights file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise FileError(str(path), 1, 1, "the weights file is not UTF-8 text") from None
    try:
        model = parse_model(text)
    except ModelError as exc:
        raise FileError(str(path), max(exc.line, 1), 1,
                        f"{exc.message} (score with rules alone: --no-model)") from None
    _loaded.clear()
    _loaded[key] = model
    return model


def shipped_model() -> Model | None:
    """The shipped weights, or None (rules alone) in a checkout where they have not been made."""
    path = shipped_model_path()
    return load_model(path) if path.exists() else None
