"""Provides a small chooser: a list of choices, Enter picks one, Escape picks none."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from ..safe import safe


class PickScreen(ModalScreen[int | None]):
    """Dismissed with the index of the choice picked, or None."""

    DEFAULT_CSS = """
    PickScreen {
        align: center middle;
    }
    #pick-box {
        width: 90;
        max-width: 95%;
        height: auto;
        max-height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #pick-box OptionList {
        height: auto;
        max-height: 20;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss_none", "Close")]

    def __init__(self, title: str, choices: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Static(safe(self.title_text, "bold"))
            yield OptionList(*(safe(choice) for choice in self.choices))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
