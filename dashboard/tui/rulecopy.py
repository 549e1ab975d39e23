"""Provides `e` on a shipped rule: instead of opening the installed package's rule file (in
site-packages after `pip install`, where an edit changes every user's rules and is lost on
upgrade), a question (y/n) whether to copy the rule into the user's own pack
(rulepacks.user_pack), and on yes the copy (runtime/rulecopy.py), the pack added to the rules
the dashboard reads, and the copy opened in $EDITOR."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..engine.kinds import Rule
from ..runtime.rulecopy import copy_rule
from ..runtime.rulenew import NewRuleError
from ..runtime.rulepacks import relative, user_pack
from .safe import safe

if TYPE_CHECKING:
    from .app import BiasDashApp


class CopyRuleScreen(ModalScreen[bool]):
    """Copy the shipped rule into the user's pack? y copies, n (or Escape) leaves everything as
    it is."""

    DEFAULT_CSS = """
    CopyRuleScreen { align: center middle; }
    #copy-box { width: 80%; max-width: 90; height: auto; border: round $warning;
                background: $surface; padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "answer(True)", "Copy and edit"),
                                             Binding("n,escape", "answer(False)", "Leave it")]

    def __init__(self, rule: Rule, pack: Path) -> None:
        super().__init__()
        self.rule, self.pack = rule, pack

    def compose(self) -> ComposeResult:
        rule = self.rule
        text = Text()
        text.append_text(safe(rule.id, "bold cyan"))
        text.append_text(safe(f" is a rule shipped with biasdash ({relative(Path(rule.file))}:{rule.line}). "
                              "An edit there changes the rules of everyone using this install and is "
                              "lost on the next upgrade."))
        text.append("\n\nCopy it into ", style="bold")
        text.append_text(safe(str(relative(self.pack / f"{rule.id}.yaml")), "bold"))
        text.append_text(safe(" (same id: it replaces the shipped rule while that pack is read) and "
                              "edit the copy?"))
        text.append("\n\n")
        for key, what in (("y", "copy and edit"), ("n", "leave it")):
            text.append(key, style="bold reverse")
            text.append(f" {what}    ")
        text.rstrip()
        with Vertical(id="copy-box"):
            yield Static(text)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def offer_copy(app: BiasDashApp, rule: Rule) -> None:
    """Ask whether to copy the shipped rule into the user's pack; on yes, copy it and edit it."""
    pack = user_pack(app.session.rules.packs)

    def answered(yes: bool | None) -> None:
        if yes:
            copy_and_edit(app, rule, pack)

    app.push_screen(CopyRuleScreen(rule, pack), callback=answered)


def copy_and_edit(app: BiasDashApp, rule: Rule, pack: Path) -> None:
    """Write the copy, read the pack from now on, and open the copy at its entry."""
    try:
        copied = copy_rule(rule, pack)
    except NewRuleError as exc:
        app.notify(str(exc), title="rules", severity="error", timeout=15)
        return
    except OSError as exc:
        app.notify(f"{pack}: cannot write the rule: {exc.strerror or exc}", title="rules", severity="error")
        return
    packs = app.session.rules.packs
    named = any(p.resolve() == pack.resolve() for p in packs)
    if not named:
        packs.append(pack)  # read after the shipped pack: the copy replaces the shipped rule
    app.check_rules()
    later = "" if named else f"; a later run reads it with --rules {relative(pack)}"
    app.notify(f"copied {rule.id} to {relative(copied.path)}, which replaces the shipped rule{later}",
               title="rules", timeout=15)
    app.edit_file(str(relative(copied.path)), copied.line)
