"""Shared base of the dialogs: Esc goes back, F2 saves, bindings are translated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from sspos.tui.keys import localize_bindings

if TYPE_CHECKING:
    from sspos.tui.app import PosApp

R = TypeVar("R")


class PosModal(ModalScreen[R]):
    """A dialog over the sale screen. Esc = back (nothing changes); F2 = save."""

    BINDINGS = [
        Binding("escape", "back", "tui.key.back", id="dialog.back"),
        Binding("f2", "save", "tui.key.confirm", id="dialog.save"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, self.pos.lang)

    @property
    def pos(self) -> PosApp:
        return self.app  # type: ignore[return-value]

    @property
    def lang(self) -> str:
        return self.pos.lang

    def action_back(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # overridden by dialogs that save something
        self.dismiss(None)


class PosScreen(Screen[R]):
    """A full screen (Orders, Help). Esc goes back."""

    BINDINGS = [Binding("escape", "back", "tui.key.back", id="screen.back")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, self.pos.lang)

    @property
    def pos(self) -> PosApp:
        return self.app  # type: ignore[return-value]

    @property
    def lang(self) -> str:
        return self.pos.lang

    def action_back(self) -> None:
        self.dismiss(None)
