"""Provides the learned decision layer's weights (engine/learned.py reads them): the Model, a
linear-chain CRF over the labels O, C, S, N with its state and transition weights, Viterbi and
forward-backward for one window of tokens, and the plain-text weights file (parse_model,
format_model). Parsing never runs code: every line is split on tabs and checked (ModelError
names the line)."""

from __future__ import annotations

from math import exp, isfinite

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

FORMAT = "biasdash-attribution-model"
FORMAT_VERSION = "1"
TEMPLATES = "io-7"  # the feature templates below: a model made with others is refused
LABELS = ("O", "C", "S", "N")  # outside, cue, source, content
CUE, SOURCE, CONTENT = 1, 2, 3
OFFSETS = (-2, -1, 0, 1, 2)
SEP = "\x1f"  # between the attributes of one token's class string
MAX_FEATURES = 200_000
MAX_MEMO = 50_000
TOP_FEATURES = 5




class ModelError(ValueError):
    """A weights file that cannot be used: `line` is 1-based (0 for the file as a whole)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line, self.message = line, message


class Model:
    """The weights of a trained CRF: state weights by feature (one per label), transitions,
    the decision thresholds, the words outside the cue rules that open a window too (learned
    from the annotation: "want", "support"), and the header lines it was written with."""

    def __init__(self, state: dict[str, tuple[float, ...]], transitions: list[list[float]],
                 drop: float, add: float, header: dict[str, str] | None = None,
                 words: frozenset[str] = frozenset()) -> None:
        self.state, self.transitions, self.words = state, transitions, words
        self.drop, self.add = drop, add
        self.header = dict(header or {})
        self._exp_trans = [[exp(w) for w in row] for row in transitions]
        self._memo: dict[str, tuple[float, ...]] = {}  # by class string (_class_vectors)
        # The state weights by offset and attribute ("-1:w=said" is _by_offset[1]["w=said"]).
        self._by_offset: list[dict[str, tuple[float, ...]]] = [{} for _ in OFFSETS]
        index = {str(o): k for k, o in enumerate(OFFSETS)}
        for name, w in state.items():
            o, colon, attr = name.partition(":")
            if colon and o in index:
                self._by_offset[index[o]][attr] = w
        # Tuples rather than lists: a tuple of plain values is not tracked by the garbage
        # collector, so a full memo costs its full collections nothing.
        self._top: dict[tuple[int, str, int], tuple[tuple[float, str, float], ...]] = {}
        bias = state.get("bias")
        self._bias_top = [[(-abs(r := round(0.0 + round(w, 3), 3)), "bias", r)] if w else []
                          for w in (bias or (0.0, 0.0, 0.0, 0.0))]
        self.word_marks: dict[Any, str] = {}  # engine/learned.py's attributes of a word, remembered

    def __getstate__(self) -> dict[str, Any]:
        # Sent to workers without the memo (they build their own).
        return {"state": self.state, "transitions": self.transitions, "drop": self.drop,
                "add": self.add, "header": self.header, "words": self.words}

    def __setstate__(self, data: dict[str, Any]) -> None:
        Model.__init__(self, data["state"], data["transitions"], data["drop"], data["add"], data["header"],
                       data["words"])

    # A stand-in that only takes down the windows it is shown (training: dashboard/train.py).
    collecting = False

    def take(self, doc: Any, items: list[Any]) -> None:
        """What a collecting stand-in does with the windows of one chunk (a Model has none)."""

    def with_thresholds(self, drop: float, add: float) -> Model:
        return Model(self.state, self.transitions, drop, add, self.header, self.words)

    # -- scoring -----------------------------------------------------------------------

    def _class_vectors(self, cls: str) -> tuple[float, ...]:
        """The weights a class string gives its token's neighbours, for all four labels at each
        offset: item 4 * k + label is what it gives the token OFFSETS[k] from it."""
        memo = self._memo
        if len(memo) >= MAX_MEMO:
            memo.clear()
        out: list[float] = []
        attrs = cls.split(SEP)
        for state in self._by_offset:
            t0 = t1 = t2 = t3 = 0.0
            for attr in attrs:
                w = state.get(attr)
                if w is not None:
                    t0 += w[0]
                    t1 += w[1]
                    t2 += w[2]
                    t3 += w[3]
            out += (t0, t1, t2, t3)
        found = memo[cls] = tuple(out)
        return found

    def emissions(self, padded: list[str]) -> list[tuple[float, float, float, float]]:
        """Each token's score for each label (the sum of its features' weights); `padded` holds
        the class strings of the tokens with two of context (or sentence edges) on each side."""
        get, vectors = self._memo.get, self._class_vectors
        vecs = [get(c) or vectors(c) for c in padded]
        b0, b1, b2, b3 = self.state.get("bias", (0.0, 0.0, 0.0, 0.0))
        out = []
        for i in range(len(padded) - 4):
            v, w, x, y, u = vecs[i:i + 5]
            out.append((b0 + v[0] + w[4] + x[8] + y[12] + u[16], b1 + v[1] + w[5] + x[9] + y[13] + u[17],
                        b2 + v[2] + w[6] + x[10] + y[14] + u[18], b3 + v[3] + w[7] + x[11] + y[15] + u[19]))
        return out

    def tag(self, padded: list[str]) -> tuple[list[int], list[tuple[float, float, float, float]]]:
        """Each token's most probable label and its label marginals (forward-backward, written
        out for the four labels: this runs on every candidate window). Labels by marginals rather
        than Viterbi: half the work, and the decisions read marginals anyway."""
        n = len(padded) - 4
        if n <= 0:
            return [], []
        # Emissions (as emissions() sums them), potentials scaled per token (each token's
        # emissions less their maximum) and the forward pass, in one loop.
        (x00, x01, x02, x03), (x10, x11, x12, x13), (x20, x21, x22, x23), (x30, x31, x32, x33) = self._exp_trans
        get, vectors = self._memo.get, self._class_vectors
        vecs = [get(c) or vectors(c) for c in padded]
        b0, b1, b2, b3 = self.state.get("bias", (0.0, 0.0, 0.0, 0.0))
        pots = []
        alpha = []
        a0 = a1 = a2 = a3 = 0.0
        for i in range(n):
            v, w, x, y, u = vecs[i:i + 5]
            e0 = b0 + v[0] + w[4] + x[8] + y[12] + u[16]
            e1 = b1 + v[1] + w[5] + x[9] + y[13] + u[17]
            e2 = b2 + v[2] + w[6] + x[10] + y[14] + u[18]
            e3 = b3 + v[3] + w[7] + x[11] + y[15] + u[19]
            top = max(e0, e1, e2, e3)
            p0, p1, p2, p3 = exp(e0 - top), exp(e1 - top), exp(e2 - top), exp(e3 - top)
            pots.append((p0, p1, p2, p3))
            if i:
                c0 = p0 * (a0 * x00 + a1 * x10 + a2 * x20 + a3 * x30)
                c1 = p1 * (a0 * x01 + a1 * x11 + a2 * x21 + a3 * x31)
                c2 = p2 * (a0 * x02 + a1 * x12 + a2 * x22 + a3 * x32)
                c3 = p3 * (a0 * x03 + a1 * x13 + a2 * x23 + a3 * x33)
                z = c0 + c1 + c2 + c3 or 1.0
            else:
                c0, c1, c2, c3 = p0, p1, p2, p3
                z = c0 + c1 + c2 + c3
            a0, a1, a2, a3 = c0 / z, c1 / z, c2 / z, c3 / z
            alpha.append((a0, a1, a2, a3))
        marginals = [(0.0, 0.0, 0.0, 0.0)] * n
        path = [0] * n
        r0 = r1 = r2 = r3 = 1.0
        k = n - 1
        while True:
            a0, a1, a2, a3 = alpha[k]
            m0, m1, m2, m3 = a0 * r0, a1 * r1, a2 * r2, a3 * r3
            z = m0 + m1 + m2 + m3 or 1.0
            marginals[k] = (m0 / z, m1 / z, m2 / z, m3 / z)
            path[k] = 0 if m0 >= m1 and m0 >= m2 and m0 >= m3 else 1 if m1 >= m2 and m1 >= m3 else 2 if m2 >= m3 else 3
            if not k:
                break
            p0, p1, p2, p3 = pots[k]
            q0, q1, q2, q3 = p0 * r0, p1 * r1, p2 * r2, p3 * r3
            c0 = x00 * q0 + x01 * q1 + x02 * q2 + x03 * q3
            c1 = x10 * q0 + x11 * q1 + x12 * q2 + x13 * q3
            c2 = x20 * q0 + x21 * q1 + x22 * q2 + x23 * q3
            c3 = x30 * q0 + x31 * q1 + x32 * q2 + x33 * q3
            z = c0 + c1 + c2 + c3 or 1.0
            r0, r1, r2, r3 = c0 / z, c1 / z, c2 / z, c3 / z
            k -= 1
        return path, marginals

    def strongest(self, padded: list[str], i: int, label: int, limit: int = TOP_FEATURES
                  ) -> tuple[tuple[str, float], ...]:
        """The features of token i that weigh most for (or against) `label` (by offset and class
        string, remembered: the same classes come back in every article). A feature a token has
        twice (a word that is both closed-class and a cue word) counts twice; features of
        different offsets never share a name, so each offset's list is merged once, remembered,
        as (-|weight|, name, weight): one sort of plain tuples orders them strongest first, then by name."""
        top = self._top
        found = list(self._bias_top[label])
        for k in range(5):
            cls = padded[i + k]
            key = (k, cls, label)
            these = top.get(key)
            if these is None:
                if len(top) >= MAX_MEMO:
                    top.clear()
                these = top[key] = self._offset_top(k, cls, label)
            found += these
        found.sort()
        return tuple([(name, weight) for _, name, weight in found[:limit]])

    def _offset_top(self, k: int, cls: str, label: int) -> tuple[tuple[float, str, float], ...]:
        merged: dict[str, float] = {}
        state, o = self.state, OFFSETS[k]
        for attr in cls.split(SEP):
            name = f"{o}:{attr}"
            w = state.get(name)
            if w is not None and w[label]:
                merged[name] = round(merged.get(name, 0.0) + round(w[label], 3), 3)
        return tuple([(-abs(weight), name, weight) for name, weight in merged.items()])


def features(padded: list[str], i: int) -> list[str]:
    """The feature names of token i of a window (what training gives crfsuite; inference sums
    the same weights through the class strings)."""
    out = ["bias"]
    for k, o in enumerate(OFFSETS):
        out.extend(f"{o}:{attr}" for attr in padded[i + k].split(SEP))
    return out


# -- the weights file ------------------------------------------------------------------------


def _number(value: str, line: int, what: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise ModelError(line, f"{what} must be a number, got {value[:40]!r}") from None
    if not isfinite(x):
        raise ModelError(line, f"{what} must be finite, got {value[:40]!r}")
    return x


def parse_model(text: str) -> Model:
    """A Model from the text of a weights file; ModelError for anything not as written."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r").split("\t") != [FORMAT, FORMAT_VERSION]:
        raise ModelError(1, f"not a weights file: expected the first line {FORMAT!r} TAB {FORMAT_VERSION!r}")
    header: dict[str, str] = {}
    state: dict[str, list[float]] = {}
    transitions = [[0.0] * 4 for _ in LABELS]
    words: set[str] = set()
    index = {label: k for k, label in enumerate(LABELS)}
    for number, raw in enumerate(lines[1:], 2):
        line = raw.rstrip("\r")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        kind = fields[0]
        if kind == "state" or kind == "transition":
            if len(fields) != 4:
                raise ModelError(number, f"a {kind} line has 4 fields: {kind}, label, "
                                         f"{'feature' if kind == 'state' else 'label'}, weight")
            label = index.get(fields[1])
            if label is None:
                raise ModelError(number, f"unknown label {fields[1][:20]!r} (labels: {' '.join(LABELS)})")
            weight = _number(fields[3], number, "the weight")
            if kind == "transition":
                other = index.get(fields[2])
                if other is None:
                    raise ModelError(number, f"unknown label {fields[2][:20]!r} (labels: {' '.join(LABELS)})")
                transitions[label][other] = weight
            else:
                name = fields[2]
                if not name or not name.isprintable():
                    raise ModelError(number, "a feature name must be printable and not empty")
                if name not in state:
                    if len(state) >= MAX_FEATURES:
                        raise ModelError(number, f"more than {MAX_FEATURES} features")
                    state[name] = [0.0, 0.0, 0.0, 0.0]
                state[name][label] = weight
        elif kind == "word":
            if len(fields) != 2 or not fields[1] or not fields[1].isprintable() or len(fields[1]) > 40 \
                    or fields[1] != fields[1].lower() or " " in fields[1]:
                raise ModelError(number, "a word line has 2 fields: word, and one lower-case word")
            words.add(fields[1])
        elif kind == "header":
            if len(fields) != 3:
                raise ModelError(number, "a header line has 3 fields: header, key, value")
            header[fields[1]] = fields[2]
        else:
            raise ModelError(number, f"unknown line kind {kind[:20]!r} (header, word, transition, state)")
    if header.get("templates") != TEMPLATES:
        raise ModelError(0, f"made with feature templates {header.get('templates')!r}; this engine "
                            f"reads {TEMPLATES!r} (retrain: biasdash train attribution FILE.jsonl)")
    if header.get("labels") != " ".join(LABELS):
        raise ModelError(0, f"labels {header.get('labels')!r}; expected {' '.join(LABELS)!r}")
    thresholds = []
    for key in ("drop", "add"):
        if key not in header:
            raise ModelError(0, f"no `{key}` threshold in the header")
        value = _number(header[key], 0, f"the `{key}` threshold")
        if not 0.0 <= value <= 1.0:
            raise ModelError(0, f"the `{key}` threshold must be in [0, 1], got {value}")
        thresholds.append(value)
    return Model({k: tuple(v) for k, v in state.items()}, transitions, thresholds[0], thresholds[1], header,
                 frozenset(words))


def format_model(model: Model, notes: Iterable[str] = ()) -> str:
    """The text of a weights file (parse_model reads it back): header, then transitions, then
    state features by feature name and label."""
    header = {**model.header, "templates": TEMPLATES, "labels": " ".join(LABELS),
              "drop": f"{model.drop:g}", "add": f"{model.add:g}"}
    lines = [f"{FORMAT}\t{FORMAT_VERSION}"]
    lines += [f"# {note}" for note in notes]
    lines += [f"header\t{key}\t{_clean(value)}" for key, value in header.items()]
    lines += [f"word\t{word}" for word in sorted(model.words)]
    for i, a in enumerate(LABELS):
        for j, b in enumerate(LABELS):
            lines.append(f"transition\t{a}\t{b}\t{model.transitions[i][j]:.4f}")
    for name in sorted(model.state):
        for k, label in enumerate(LABELS):
            w = model.state[name][k]
            if w:
                lines.append(f"state\t{label}\t{name}\t{w:.4f}")
    return "\n".join(lines) + "\n"


def _clean(value: str) -> str:
    return "".join(c if c.isprintable() and c != "\t" else " " for c in value)
