"""Shared base of the dialogs: Esc goes back, F2 saves, bindings are translated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from sspos.tui.host import PosHost, host_of
from sspos.tui.keys import localize_bindings

if TYPE_CHECKING:
    from sspos.app.pos import Pos

R = TypeVar("R")


class PosModal(ModalScreen[R]):
    """A dialog over the sale screen. Esc = back (nothing changes); F2 = save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "tui.key.back", id="dialog.back"),
        Binding("f2", "save", "tui.key.confirm", id="dialog.save"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, self.lang)

    @property
    def host(self) -> PosHost:
        """The running app, as screens may use it."""
        return host_of(self)

    @property
    def pos(self) -> Pos:
        """The use cases."""
        return self.host.pos

    @property
    def lang(self) -> str:
        """The shop's language."""
        return self.host.lang

    def action_back(self) -> None:
        """Esc: back, nothing changes."""
        self.dismiss(None)

    def action_save(self) -> None:
        """F2 (dialogs that save something override it)."""
        self.dismiss(None)


class PosScreen(Screen[R]):
    """A full screen (Orders, Help). Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "tui.key.back", id="screen.back")
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, self.lang)

    @property
    def host(self) -> PosHost:
        """The running app, as screens may use it."""
        return host_of(self)

    @property
    def pos(self) -> Pos:
        """The use cases."""
        return self.host.pos

    @property
    def lang(self) -> str:
        """The shop's language."""
        return self.host.lang

    def action_back(self) -> None:
        """Esc: back, nothing changes."""
        self.dismiss(None)
