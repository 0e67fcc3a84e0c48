"""What the screens need of the running app, as a Protocol (`PosApp` is one).

Screens never import `sspos.tui.app` (it imports them): they reach the use cases through
`host.pos` and ask the app only for what outlives a screen (an error shown, a receipt
printed in the background, the help screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from sspos.app.checkout import SaleOutcome
    from sspos.app.pos import Pos
    from sspos.domain.shift import Cancellation, ShiftReport
    from sspos.printing.receipt import ReceiptData


class PosHost(Protocol):
    """The running POS app as its screens see it."""

    pos: Pos
    lang: str

    def show_error(self, exc: BaseException) -> None:
        """Tell the cashier what went wrong (and the server's state, when it says)."""

    def finish_sale(self, outcome: SaleOutcome) -> None:
        """A sale was submitted or queued: say so and print its receipt."""

    def print_receipt(self, receipt: ReceiptData, client_ref: str | None, *,
                      reprint: bool) -> None:
        """Print in the background (a worker of the app: it outlives the screen)."""

    def preview_receipt(self, receipt: ReceiptData, client_ref: str | None) -> None:
        """Show the receipt exactly as it prints."""

    def show_help(self) -> None:
        """F1: every key of every screen."""

    def print_shift_report(self, report: ShiftReport) -> None:
        """Print an X or Z report in the background."""

    def print_void_slip(self, cancel: Cancellation) -> None:
        """Print the slip of a cancelled order or voided sale in the background."""


def host_of(node: DOMNode) -> PosHost:
    """The POS app `node` runs in."""
    return cast("PosHost", node.app)
