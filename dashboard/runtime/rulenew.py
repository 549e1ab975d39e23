"""`biasdash rules new KIND`: one rule of a kind, with a description to write and examples to
keep true, scaffolded into the user's own pack (rulepacks.user_pack). A file is never replaced:
the rule goes to a file of its own, created exclusively, and is validated and its examples run
once written; a scaffold that does not hold is taken back and nothing is left."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..engine.kinds import RULE_KINDS
from .rulepacks import default_rules_dir

# The pack's copy of the schema of rule files (write_schema), and the first line of every file
# written here, which points yaml-language-server (VS Code's YAML extension, and editors using it)
# at it: a path relative to the file, so that it holds for a teammate's checkout and in CI.
SCHEMA_FILE = "schema.json"
MODELINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}\n"

# One rule per kind, about a made-up subject, so that it clashes with no shipped rule; every one
# validates and its examples pass as written (tests/unit/test_rule_new.py).
_TEMPLATES = {
    "sources": """\
  - id: {id}
    name: Example News Agency
    aliases: ["Example News Agency", "ENA"]
    domains: [example-news.org]
    kind: newspaper
    country: US
    description: >
      TODO: who this source is, who owns or runs it, and what a reader should know when a
      statement is credited to it.
    examples:
      match:
        - "The vote was delayed until Friday, the Example News Agency reported."
      no_match:
        - "The example was explained in class."
""",
    "cues": """\
  - id: {id}
    description: >
      TODO: the words that mark an attribution here, and whether they judge the speaker or the
      claim (neutrality: loaded) or only pass it on (neutral).
    verbs: [relay]
    neutrality: neutral
    examples:
      match:
        - "The talks will resume next week, the minister relayed."
      no_match:
        - "The runners ran a relay race."
""",
    "vague": """\
  - id: {id}
    description: >
      TODO: the unnamed voices this rule finds, and why a reader cannot check them.
    phrases:
      - people in the know
    examples:
      match:
        - "The deal is off, people in the know said."
      no_match:
        - "The deal is off, the minister said."
""",
    "loaded": """\
  - id: {id}
    description: >
      TODO: what these words do to the reader (pass judgement, frighten, flatter) instead of
      describing what happened.
    category: name_calling
    weight: 1.0
    terms:
      - blowhard
    examples:
      match:
        - "The blowhard signed the decree on Monday."
      no_match:
        - "The minister signed the decree on Monday."
""",
    "checks": """\
  - id: {id}
    description: >
      TODO: what a finding of this check tells the reader, and why the threshold is where it is.
    metric: quotes
    op: ">"
    threshold: 10
    severity: info
    message: "{{value}} direct quotes (more than {{threshold}})"
    examples:
      match:
        - >-
          "A," he said. "B," he said. "C," he said. "D," he said. "E," he said. "F," he said.
          "G," he said. "H," he said. "I," he said. "J," he said. "K," he said.
      no_match:
        - '"A," he said.'
""",
    "furniture": """\
  - id: {id}
    description: >
      TODO: the page furniture this line is (a newsletter box, a paywall notice), which is not
      part of the story.
    pattern: '^\\s*sign up for our newsletter\\b'
    examples:
      match: ["Sign up for our newsletter"]
      no_match: ["She did not sign up for our newsletter, she said."]
""",
    "reuse": """\
  - id: {id}
    description: >
      TODO: what a finding of this check tells the reader about an article that reuses another.
    test: uncredited-wire
    threshold: 0.3
    severity: info
    message: "{{share}} of this article is taken from {{origin}} ({{source}}) with no credit"
    examples:
      match:
        - |
{wire}
          ---
          The central bank raised its main interest rate by half a point on Tuesday to fight inflation.
          The governor said prices were rising faster than wages in every region of the country.
          Economists had expected a smaller rise after three months of weak retail sales.
          The currency gained two percent against the dollar after the announcement.
      no_match:
        - |
{wire}
          ---
          The central bank raised its interest rate by half a point on Tuesday to fight inflation, Reuters reported.
          The governor said prices were rising faster than wages in every region of the country.
          Economists had expected a smaller rise after three months of weak retail sales.
          The currency gained two percent against the dollar after the announcement.
""",
}

# The wire story both reuse examples start from: copied without credit (match), then credited.
_WIRE_STORY = """\
          Reuters
          The central bank raised its main interest rate by half a point on Tuesday to fight inflation.
          The governor said prices were rising faster than wages in every region of the country.
          Economists had expected a smaller rise after three months of weak retail sales.
          The currency gained two percent against the dollar after the announcement.
          The bank will publish its next forecast in March."""

_ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


class NewRuleError(Exception):
    """Why no rule was written (nothing was)."""


def scaffold(kind: str, rule_id: str) -> str:
    """The text of a rule file holding one new rule of `kind`."""
    if kind not in RULE_KINDS:
        raise NewRuleError(f"unknown kind {kind!r}; one of {', '.join(RULE_KINDS)}")
    if not _ID.match(rule_id):
        raise NewRuleError(f"rule id {rule_id!r}: lower-case letters, digits and dashes, starting "
                           "with a letter")
    return MODELINE + f"kind: {kind}\nrules:\n" + _TEMPLATES[kind].format(id=rule_id, wire=_WIRE_STORY)


def write_new_rule(pack: Path, kind: str, rule_id: str) -> Path:
    """Write the scaffold to PACK/ID.yaml (the pack folder is made if missing), and the schema
    beside it if the pack has none (write_schema); never replaces a file: one already there is
    an error and stays as it was."""
    text = scaffold(kind, rule_id)
    path = pack / f"{rule_id}.yaml"
    create_rule_file(path, text, "give another --id")
    write_schema(pack)
    return path


def write_schema(pack: Path) -> Path | None:
    """Copy the rule files' JSON Schema (rules/schema.json, what `biasdash rules schema` prints)
    into the pack as schema.json, which MODELINE names: the pack's files are then validated in an
    editor on any machine it is checked out on. A schema.json already there (or a link of that
    name) is left as it is. The schema is a help to editors, not part of the rule: when it cannot
    be written, the rule stays and None is returned (as when the pack had one)."""
    path = pack / SCHEMA_FILE
    if os.path.lexists(path):
        return None
    try:
        text = (default_rules_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
        create_rule_file(path, text, "")
    except (NewRuleError, OSError):  # made meanwhile, or a read-only pack: the rule stands alone
        return None
    return path


def create_rule_file(path: Path, text: str, otherwise: str) -> None:
    """Write a new rule file whole (its folder made if missing), never over a file: one already
    at `path` is a NewRuleError (`otherwise` says what to do instead) and stays as it was.

    The text goes to a hidden temporary file first, which is then linked to `path` (a link
    fails if `path` exists, a dangling symbolic link included): a watcher never reads half a
    rule file. Where links cannot be made (some network and FAT file systems), the file is
    created exclusively and written."""
    taken = NewRuleError(f"{path} already exists: nothing was written ({otherwise})")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise taken from None
        except OSError:  # no hard links on this file system
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            try:
                out = os.open(path, flags, 0o644)
            except FileExistsError:
                raise taken from None
            with os.fdopen(out, "w", encoding="utf-8") as handle:
                handle.write(text)
    finally:
        os.unlink(temporary)
