"""Regenerates tests/reliability/fixtures/: one small file per hostile input.

Run `python tests/reliability/make_fixtures.py` after changing a case here; the files are committed
so that a reader can open them. Cases too big to commit (50 MB lines, a sparse 1 GB file) are made
at test time in tmp_path instead. Not collected by pytest (its name does not start with test_).
"""

from __future__ import annotations

import codecs
import json
import struct
import sys
import zlib
from pathlib import Path

# The tests folder, for the rule texts the tests share.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rule_snippets import GOOD_LOADED_RULE

HERE = Path(__file__).resolve().parent / "fixtures"

NEWS = ("Talks stalled on Monday, Reuters reported. \u201cWe will not give in,\u201d the minister said. "
        "Officials said the plan was brutal.")


def png_1x1() -> bytes:
    """A real 1x1 red PNG (signature, IHDR, IDAT, IEND), 69 bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def minimal_pdf() -> bytes:
    """A one-page PDF with a compressed content stream (binary, as real PDFs are)."""
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Officials said the talks failed.) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


MARKUP = (
    "[bold red]Breaking[/bold red] [link=https://evil.example]click[/link] news\n"
    "\n"
    "Officials said the \x1b[31mred\x1b[0m zone was closed, Reuters reported. "
    "\u201cThis is \x1b]8;;https://evil.example/\x1b\\a link\x1b]8;;\x1b\\ to nowhere,\u201d the minister said.\n"
    "The file was named \u202egnp.exe\u202c, the police said. Bell\x07 backspace\x08 vt\x0b ff\x0c "
    "esc\x1b DEL\x7f NEL\x85 CSI\x9b31m OSC\x9d ST\x9c end.\n"
    "Isolates \u2066x\u2069 and marks \u200e\u200f\u061c [/] [red] \\[escaped] done, experts said.\n"
)

MALFORMED_JSONL = "\n".join([
    json.dumps({"id": "good-1", "text": NEWS}),                        # 1 good
    '{"id": "bad-json", "text": "unterminated',                         # 2 invalid JSON (col 29)
    json.dumps(["a", "list", "not", "an", "object"]),                  # 3 not an object
    json.dumps({"id": "no-text", "title": "missing text"}),            # 4 missing text
    json.dumps({"id": "null-text", "text": None}),                     # 5 text is null
    json.dumps({"id": {"nested": "dict"}, "text": NEWS}),              # 6 id of the wrong type
    json.dumps({"text": NEWS}),                                         # 7 missing id
    "",                                                                  # 8 blank: skipped
    json.dumps({"id": 42, "text": NEWS, "title": ["list"], "url": 7}), # 9 good (numeric id)
    "\ufeff" + json.dumps({"id": "bom", "text": NEWS}),                # 10 good after a BOM
    "42",                                                                # 11 a bare number
    "{}",                                                                # 12 empty object
    json.dumps({"id": "good-2", "text": NEWS}),                        # 13 good
]) + "\n"


def articles() -> dict[str, bytes]:
    cp1252 = "\u201cWe will respond,\u201d the minister said \u2014 the caf\u00e9 stayed shut, officials said.\n"
    latin1 = ("The caf\u00e9 owner Zo\u00eb M\u00fcller told Reuters the talks had failed. "
              "Se\u00f1or G\u00f3mez said the d\u00e9tente was over.\n")
    return {
        "empty.txt": b"",
        "whitespace.txt": " \t\n\r\n   \u00a0\u3000\n\f\v\n".encode("utf-8"),
        "binary.png": png_1x1(),
        "fake.pdf": minimal_pdf(),
        "nul_bytes.txt": ("Officials said the talks failed." + "\x00" + " More text\x00\x00 here.\n").encode(),
        "invalid_utf8.txt": b"Officials said the talks failed \xff\xfe\xc3\x28 and \x80\x81 stalled.\n",
        "cp1252.txt": cp1252.encode("cp1252"),
        "latin1.txt": latin1.encode("latin-1"),
        "utf8_bom.txt": codecs.BOM_UTF8 + NEWS.encode("utf-8"),
        "utf16_bom.txt": codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le"),
        "utf16_nobom.txt": NEWS.encode("utf-16-le"),
        "utf32_bom.txt": codecs.BOM_UTF32_LE + NEWS.encode("utf-32-le"),
        "mixed_line_endings.txt": (
            "Talks stalled\r\n\r\nOfficials said the talks failed, Reuters reported.\r"
            "\u201cWe will not give in,\u201d the minister said.\nThe regime was brutal, experts said.\r\n"
            "Last line without a break").encode("utf-8"),
        "markup_and_escapes.txt": MARKUP.encode("utf-8"),
        "malformed.jsonl": MALFORMED_JSONL.encode("utf-8"),
        # json.loads raises ValueError (not JSONDecodeError) on integers of more than 4300 digits.
        "huge_int_id.jsonl": ('{"id": ' + "9" * 5000 + ', "text": "Officials said it."}\n').encode(),
        # json.loads raises RecursionError on deep nesting.
        "deep_nesting.jsonl": ('{"id": "deep", "text": "x", "extra": ' + "[" * 5000 + "]" * 5000 + "}\n").encode(),
        "not_utf8.jsonl": json.dumps({"id": "good", "text": NEWS}).encode() + b"\n"
                          + b'{"id": "latin", "text": "caf\xe9"}\n',
        "escapes_in_fields.jsonl": "\n".join(json.dumps(r) for r in (
            {"id": "\x1b[31mred\x1b[0m", "title": "\u202egnp.exe", "outlet": "\x1b]8;;https://evil.example/\x1b\\x\x1b]8;;\x1b\\",
             "text": NEWS},
            {"id": "bell\x07", "title": "two\nlines\r", "outlet": "[bold]rich[/bold]", "text": NEWS},
        )).encode() + b"\n",
        # JSON allows lone surrogates (\ud800); they cannot be written as UTF-8
        "lone_surrogates.jsonl": (b'{"id": "sur\\ud800", "title": "t\\udfff", "text": "Officials said the talks '
                                  b'failed \\ud800 today, Reuters reported. The regime was brutal."}\n'),
        "csv_injection.jsonl": "\n".join(json.dumps({"id": i, "title": t, "outlet": o, "text": NEWS}) for i, t, o in (
            ("=HYPERLINK(\"http://evil.example\",\"x\")", "=1+1", "=cmd|' /C calc'!A0"),
            ("+SUM(A1:A2)", "+title", "+outlet"),
            ("-2+3", "-title", "-outlet"),
            ("@SUM(A1)", "@title", "@outlet"),
        )).encode() + b"\n",
    }


def obfuscated_articles() -> dict[str, bytes]:
    """Source names disguised so that they read as "Xinhua" (TASS, KCNA) but are other strings,
    one file per family, and genuine Russian, Greek and Japanese text that must not be taken for
    disguise (tests/reliability/test_obfuscation.py lists the disguised words of each)."""
    def article(*names: str) -> str:
        sentences = ("The two leaders held warm talks in Beijing on Monday, {} reported.",
                     "Both sides pledged to deepen trade and transport links, {} said.",
                     "A new rail line between the two capitals will open next year, {} reported.")
        return "\n".join(s.format(n) for s, n in zip(sentences, names)) + "\n"

    texts = {
        # zero-width space, non-joiner, joiner / word joiner, byte-order mark inside the name
        "obfuscated_zero_width.txt": article("Xin\u200bhua", "Xinh\u200cu\u200da", "X\u2060inhu\ufeffa"),
        # soft hyphens, as an HTML &shy; leaves them
        "obfuscated_soft_hyphen.txt": article("Xin\u00adhua", "Xinhu\u00ada"),
        # Cyrillic a, Kha and Byelorussian i in "Xinhua"; TASS spelt in Cyrillic look-alikes only
        "obfuscated_cyrillic.txt": article("Xinhu\u0430", "\u0425inhua", "\u0422\u0410\u0405\u0405"),
        # Greek Chi and alpha in "Xinhua"; KCNA as Greek Kappa, lunate Sigma, Nu, Alpha
        "obfuscated_greek.txt": article("\u03a7inhua", "Xinhu\u03b1", "\u039a\u03f9\u039d\u0391"),
        # full-width letters, small and capital
        "obfuscated_fullwidth.txt": article("\uff38\uff49\uff4e\uff48\uff55\uff41",
                                            "\uff38\uff29\uff2e\uff28\uff35\uff21"),
        # every family in one word: full-width X, Cyrillic i, zero-width space, Greek alpha,
        # then a soft hyphen beside a Cyrillic a
        "obfuscated_mixed.txt": article("\uff38\u0456n\u200bhu\u03b1", "Xin\u00adhu\u0430"),
        # genuine text of other scripts, with look-alike letters and words (ТАСС, с, ΕΡΤ, Η,
        # ＮＨＫ, ＷＨＯ, ２０２５) among their own words, and an English line after each
        "obfuscated_genuine_russian.txt": (
            "Переговоры в Пекине прошли в тёплой атмосфере, сообщило агентство ТАСС. Стороны "
            "договорились с партнёрами расширить торговлю, передаёт РИА Новости. Визит завершится "
            "в среду, сказал представитель МИД.\nThe talks in Beijing were warm, TASS reported.\n"),
        "obfuscated_genuine_greek.txt": (
            "Οι συνομιλίες στο Πεκίνο ήταν θερμές, ανέφερε το ΑΠΕ-ΜΠΕ. Η ΕΡΤ μετέδωσε ότι η "
            "συμφωνία θα υπογραφεί του χρόνου. Ο ΟΤΕ και η ΔΕΗ δεν σχολίασαν.\n"
            "The talks in Beijing were warm, Reuters reported.\n"),
        # soft hyphens as web pages put them, hyphenation hints in long ordinary words (German
        # and English), none of them in a name, a cue or a loaded term
        "obfuscated_genuine_hyphenation.txt": (
            "Die Ver\u00adhand\u00adlun\u00adgen in Pe\u00adking ver\u00adlie\u00adfen in "
            "freund\u00adli\u00adcher At\u00admo\u00adsph\u00e4\u00adre. Die Un\u00adter\u00adzeich"
            "\u00adnung ist f\u00fcr n\u00e4ch\u00ads\u00adtes Jahr ge\u00adplant.\nThe nego\u00adtiations "
            "in Bei\u00adjing were friendly, Reuters reported.\n"),
        "obfuscated_genuine_japanese.txt": (
            "北京での会談は和やかな雰囲気で行われたと、新華社が伝えた。ＮＨＫによると、両国は"
            "２０２５年に新たな協定に署名する。世界保健機関（ＷＨＯ）の会合は来月開かれる。\n"
            "The talks in Beijing were warm, Reuters reported.\n"),
    }
    return {name: text.encode("utf-8") for name, text in texts.items()}


GOOD_LOADED = GOOD_LOADED_RULE
# A minimal valid check (line 3 is `- id:`, line 10 `threshold:`, its value at column 16).
CHECK_RULE = """\
kind: checks
rules:
  - id: test-density
    description: A check used only by the tests.
    examples:
      match: ["The economy grew. Prices rose."]
    metric: attribution_density
    op: "<"
    severity: warning
    threshold: 0.5
    message: "density {value}"
"""


def rules() -> dict[str, bytes]:
    bomb = ["kind: loaded", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        bomb.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    bomb.append("rules: *i")
    files = {
        # line 5: an unclosed flow sequence
        "yaml_syntax.yaml": "kind: loaded\nrules:\n  - id: broken\n    description: x\n    terms: [a, b\n"
                            "    category: emotive\n",
        # line 6, column 13: weight is text
        "wrong_type.yaml": GOOD_LOADED.replace("weight: 1", 'weight: "heavy"'),
        # line 7, column 5: `term` for `terms`
        "unknown_key.yaml": GOOD_LOADED.replace("terms:", "term:"),
        "empty.yaml": "",
        "alias_bomb.yaml": "\n".join(bomb) + "\n",
        "python_tag.yaml": "kind: loaded\nrules:\n  - !!python/object/apply:os.system [\"touch biasdash_pwned\"]\n",
        # line 6, column 14: an unclosed group
        "invalid_regex.yaml": "kind: furniture\nrules:\n  - id: bad-regex\n    description: x\n"
                              "    examples: {match: [\"aaa\"]}\n    pattern: \"([a-z\"\n",
        # line 6, column 14: exponential backtracking on "aaaa...!"
        "catastrophic_regex.yaml": "kind: furniture\nrules:\n  - id: slow-regex\n    description: x\n"
                                   "    examples: {match: [\"aaa\"]}\n    pattern: \"(a|aa)+$\"\n",
        # valid, and fast on the load-time probes, but exponential on a line of 40+ x: the engine's
        # per-line timeout must skip it at analysis time
        "slow_regex_runtime.yaml": "kind: furniture\nrules:\n  - id: slow-at-runtime\n    description: x\n"
                                   "    examples: {match: [\"xxy\"]}\n    pattern: \"(x+x+)+y\"\n",
        "not_utf8.yaml": GOOD_LOADED.replace("fiendish]", "fiendish, caf\xe9]").encode("latin-1"),
        "multi_document.yaml": GOOD_LOADED + "---\n" + GOOD_LOADED,
        "not_a_mapping.yaml": "- just\n- a\n- list\n",
        "bad_kind.yaml": GOOD_LOADED.replace("kind: loaded", "kind: loadd"),
        "bad_id.yaml": GOOD_LOADED.replace("id: test-fiendish", "id: Test Fiendish!"),
        "timestamp_value.yaml": GOOD_LOADED.replace("category: emotive", "category: 2024-01-01"),
        "tab_indent.yaml": GOOD_LOADED.replace("    weight: 1", "\tweight: 1"),
        "control_chars.yaml": GOOD_LOADED.replace("A loaded word", "A loaded\x1b[31m word"),
        # yaml int() of more than 4300 digits raises ValueError, not a YAML error
        "huge_int.yaml": GOOD_LOADED.replace("kind: loaded\n", "kind: checks\n").replace(
            "  - id: test-fiendish\n    description: A loaded word used only by the tests.\n"
            "    category: emotive\n    weight: 1\n    terms: [fiendish]\n",
            "  - id: test-huge\n    description: x\n    metric: words\n    op: \">\"\n    threshold: 1\n"
            "    severity: info\n    message: m\n    min_sentences: " + "9" * 5000 + "\n"),
        # 2000 nested flow sequences: PyYAML's composer recurses once per level
        "deep_nesting.yaml": "kind: loaded\nrules: " + "[" * 2000 + "]" * 2000 + "\n",
        # the same id in two files; b's term is one seed 000 uses and a's is not, so a run
        # with both as separate packs shows which of the two replaced the other
        "dup/duplicate_ids_a.yaml": GOOD_LOADED,
        "dup/duplicate_ids_b.yaml": GOOD_LOADED.replace("terms: [fiendish]", "terms: [unswervingly]")
                                               .replace("a fiendish plan", "an unswervingly loyal plan"),
        # line 6, column 14: polynomial backtracking, microseconds on short lines but minutes on a
        # 2 MiB article of long lines; refused at load time by the long word-line probe
        "word_repeat_regex.yaml": "kind: furniture\nrules:\n  - id: word-repeat\n    description: x\n"
                                  "    examples: {match: [\"aaa\"]}\n    pattern: '(\\w+\\s?)*$'\n",
        # line 10, column 16: a threshold no metric can cross (NaN compares false with everything)
        "nan_threshold.yaml": CHECK_RULE.replace("threshold: 0.5", "threshold: .nan"),
        # line 10, column 16: an infinite threshold, never crossed by `<`... nor by `>`
        "inf_threshold.yaml": CHECK_RULE.replace("threshold: 0.5", "threshold: -.inf"),
        # line 10, column 16: an integer too large for a float (float() raised OverflowError)
        "huge_threshold.yaml": CHECK_RULE.replace("threshold: 0.5", "threshold: 1" + "0" * 400),
        # a YAML mapping that is not a rule file, its keys secrets: nothing of it may be quoted
        "secret_mapping.yaml": "hunter2-secret: the database password\ntok-4f9a-secret: an API token\n",
        # the same secret in a file that is not YAML at all, given as a rule pack
        "secrets.env": "hunter2-secret: the database password\ntok-4f9a-secret: an API token\n",
        # line 3, column 5: a loaded rule reusing the id of the default pack's check
        # min-attribution-density: it would have replaced (switched off) the check
        "cross_kind_override.yaml": GOOD_LOADED.replace("id: test-fiendish", "id: min-attribution-density"),
        # a folder with no rule file in it (only this note)
        "no_rule_files/README.txt": "Rule files go here.\n",
    }
    return {k: v if isinstance(v, bytes) else v.encode("utf-8") for k, v in files.items()}


def configs() -> dict[str, bytes]:
    files = {
        "not_toml.toml": "this is = = not toml\n[[[\n",
        "unknown_key.toml": 'fail-on = "error"\n',
        "wrong_type.toml": 'fail_on = "warning"\nmax_bytes = "big"\n',
        "bad_severity.toml": '[checks.min-attribution-density]\nseverity = "fatal"\n',
        "unknown_check.toml": '[checks.min-atribution-density]\nthreshold = 0.3\n',
        "unknown_disable.toml": 'disable = ["single-sorce"]\n',
        "missing_pack.toml": 'rules = ["no-such-pack/"]\n',
        "bad_format.toml": 'format = "xml"\n',
        "not_utf8.toml": 'fail_on = "warning" # caf\xe9\n'.encode("latin-1"),
        "zero_max_bytes.toml": "max_bytes = 0\n",
        # tomllib int() of more than 4300 digits raises ValueError, not TOMLDecodeError
        "huge_int.toml": "max_bytes = " + "9" * 5000 + "\n",
        # tomllib recurses once per nesting level
        "deep_nesting.toml": "disable = " + "[" * 2000 + "]" * 2000 + "\n",
        # line 1, column 9: rule packs outside the folder of the config: an absolute path, the
        # whole disk, and a way up with `..` (to a folder that holds rule files)
        "outside_absolute.toml": 'rules = ["/etc"]\n',
        "outside_root.toml": 'rules = ["/"]\n',
        "outside_parent.toml": 'rules = ["../rules/dup"]\n',
        # line 2, column 13: thresholds no metric can cross
        "nan_threshold.toml": "[checks.min-attribution-density]\nthreshold = nan\n",
        "inf_threshold.toml": "[checks.max-state-media-share]\nthreshold = inf\n",
        # line 2, column 13: an integer too large for a float (float() raised OverflowError)
        "huge_threshold.toml": "[checks.min-attribution-density]\nthreshold = 1" + "0" * 400 + "\n",
        # line 1, column 13: over dashboard.engine.article.MAX_LIMIT_BYTES (1 GiB)
        "huge_max_bytes.toml": "max_bytes = 10_000_000_000_000\n",
        # line 1, column 13: a float, even a whole one
        "float_max_bytes.toml": "max_bytes = 100e9\n",
    }
    return {k: v if isinstance(v, bytes) else v.encode("utf-8") for k, v in files.items()}


def main() -> None:
    for folder, files in (("articles", articles()), ("articles", obfuscated_articles()),
                          ("rules", rules()), ("configs", configs())):
        for name, data in files.items():
            path = HERE / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            assert len(data) < 50_000, name
    print(f"wrote fixtures under {HERE}")


if __name__ == "__main__":
    main()
