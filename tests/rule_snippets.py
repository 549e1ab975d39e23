"""Provides rule-file texts the tests share (importable: pytest puts tests/ on sys.path)."""

# A minimal valid loaded rule, for packs that tests then break in one place
# (line 3 is `- id:`, line 7 is `terms:`).
GOOD_LOADED_RULE = """\
kind: loaded
rules:
  - id: test-fiendish
    description: A loaded word used only by the tests.
    category: emotive
    weight: 1
    terms: [fiendish]
    examples:
      match: ["It was a fiendish plan."]
"""


def loaded_rule(terms: str, example: str, rule_id: str = "loaded-test-word") -> str:
    """A pack of one loaded-wording rule with these terms (comma-separated) and one example that
    must match."""
    return f"""\
kind: loaded
rules:
  - id: {rule_id}
    description: A rule of the dashboard tests.
    category: emotive
    weight: 1
    terms: [{terms}]
    examples:
      match: ["{example}"]
"""
