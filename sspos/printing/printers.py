"""Send receipts to ESC/POS printers (the only module that imports python-escpos).

`SSPOS_PRINTER` names the printer as a URI:

    none                               no printer: the result carries the text preview
    dummy:                             render only; the bytes come back in PrintResult.output
    file:/dev/usb/lp0                  a device node or file (written raw)
    tcp://192.168.1.50:9100            a network printer (raw port 9100)
    usb://04b8:0202                    USB vendor:product (hex), needs pyusb
    serial:/dev/ttyUSB0?baudrate=9600  needs pyserial
    cups:QUEUE                         a raw CUPS queue, needs pycups

Any URI may add `columns=N` (override the paper's 32/48 columns, e.g. 42 for a TM-T88);
`tcp://` may add `status=0` for printers that cannot answer a status query.

How a job goes: the receipt is rendered once into bytes on an in-memory `Dummy` printer
with the configured capability profile (init, text, QR, cut, optional drawer kick), then
a fresh device object is opened and the bytes are written in one go. Network printers are
asked for their paper status first (DLE EOT 4): no answer within the deadline means the
printer is dead or hung (it accepted the connection but never reads), paper-out is
reported. The bytes count as printed only once the printer's end has acknowledged every
one (a receipt fits whole in this machine's socket buffers, so a finished write proves
nothing); a printer URI with `status=0` says "sent, not confirmed", since nothing asked
whether a printer is there. The whole job — connect, status, send, acknowledgement —
shares one deadline of `settings.printer_timeout` seconds, and a watchdog bounds
drivers that ignore timeouts.

Faults never raise: `print_receipt` returns `PrintResult(ok=False, error=…)` with a
translated message for the cashier, and the caller keeps the receipt for a reprint.
The API is synchronous; the TUI calls it from a thread worker.
"""

from __future__ import annotations

import logging
import os
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qs, urlsplit

from escpos.capabilities import get_profile
from escpos.constants import RT_MASK_NOPAPER, RT_STATUS_PAPER
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import CupsPrinter, Dummy, File, Network, Serial, Usb
from escpos.printer import cups as escpos_cups
from escpos.printer import serial as escpos_serial
from escpos.printer import usb as escpos_usb
from usb.core import NoBackendError

from sspos.config import Settings
from sspos.i18n import t
from sspos.printing.receipt import Receipt, ReceiptData, ReceiptLine, layout_receipt, receipt_text
from sspos.printing.sanitize import printable

log = logging.getLogger(__name__)
T = TypeVar("T")

PrinterKind = Literal["none", "dummy", "file", "tcp", "usb", "serial", "cups"]
DEFAULT_TCP_PORT = 9100
# A driver that ignores its own timeout is abandoned this long after the deadline.
WATCHDOG_GRACE = 1.0
QR_MAX_BYTES = 2953  # QR version 40, error correction L, byte mode
_STATUS_FIXED_MASK = 0b1001_0011
_STATUS_FIXED_BITS = 0b0001_0010


@dataclass(frozen=True, slots=True)
class PrintResult:
    """The outcome of one print job. `error` is a message for the cashier in the shop's
    language, `error_key` its message key (`print.err.…`); `preview` is the receipt text;
    `output` the bytes rendered for the printer (empty for `none`)."""

    ok: bool
    error: str | None = None
    error_key: str | None = None
    preview: str = ""
    output: bytes = field(default=b"", repr=False)
    info: str = ""  # on success: where it went, in the shop's language

    @property
    def message(self) -> str:
        """One line for the cashier or the CLI: the error, or what was done."""
        return self.error or self.info


class PrinterUriError(ValueError):
    """The printer URI cannot be understood."""


@dataclass(frozen=True, slots=True)
class PrinterTarget:
    """A parsed printer URI."""

    kind: PrinterKind
    uri: str
    host: str = ""
    port: int = DEFAULT_TCP_PORT
    path: str = ""  # file / serial device, CUPS queue
    vendor_id: int = 0
    product_id: int = 0
    baudrate: int = 9600
    columns: int | None = None
    status_check: bool = True
    in_ep: int = 0x82
    out_ep: int = 0x01

    @property
    def label(self) -> str:
        """Where the printer is, for messages."""
        if self.kind == "tcp":
            return f"{self.host}:{self.port}"
        if self.kind == "usb":
            return f"{self.vendor_id:04x}:{self.product_id:04x}"
        return self.path or self.kind


def _int(value: str, name: str, base: int = 10) -> int:
    try:
        return int(value, base)
    except ValueError:
        raise PrinterUriError(f"{name}: not a number: {value!r}") from None


def parse_printer_uri(uri: str) -> PrinterTarget:
    """Parse an `SSPOS_PRINTER` value; raises PrinterUriError when it is not usable."""
    text = uri.strip()
    scheme, _, rest = text.partition(":")
    scheme = scheme.lower()
    parts = urlsplit(text)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    columns = _int(query["columns"], "columns") if "columns" in query else None
    if columns is not None and not 24 <= columns <= 80:
        raise PrinterUriError("columns must be 24..80")
    common: dict[str, Any] = {"uri": text, "columns": columns}
    if scheme == "none" and not rest:
        return PrinterTarget(kind="none", **common)
    if scheme == "dummy":
        return PrinterTarget(kind="dummy", **common)
    if scheme == "file":
        if not parts.path:
            raise PrinterUriError("file: needs a path, e.g. file:/dev/usb/lp0")
        return PrinterTarget(kind="file", path=parts.path, **common)
    if scheme == "tcp":
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            raise PrinterUriError("tcp: bad port") from None
        if not host:
            raise PrinterUriError("tcp: needs a host, e.g. tcp://192.168.1.50:9100")
        status = query.get("status", "1").lower() not in ("0", "no", "false", "off")
        return PrinterTarget(
            kind="tcp", host=host, port=port or DEFAULT_TCP_PORT, status_check=status, **common
        )
    if scheme == "usb":
        ids = parts.netloc or parts.path.lstrip("/")
        vendor, sep, product = ids.partition(":")
        if not sep or not vendor or not product:
            raise PrinterUriError("usb: needs VID:PID in hex, e.g. usb://04b8:0202")
        return PrinterTarget(
            kind="usb",
            vendor_id=_int(vendor, "usb vendor id", 16),
            product_id=_int(product, "usb product id", 16),
            in_ep=_int(query.get("in_ep", "0x82"), "in_ep", 0),
            out_ep=_int(query.get("out_ep", "0x01"), "out_ep", 0),
            **common,
        )
    if scheme == "serial":
        if not parts.path:
            raise PrinterUriError("serial: needs a device, e.g. serial:/dev/ttyUSB0")
        baud = _int(query.get("baudrate", "9600"), "baudrate")
        return PrinterTarget(kind="serial", path=parts.path, baudrate=baud, **common)
    if scheme == "cups":
        return PrinterTarget(kind="cups", path=parts.path, **common)
    raise PrinterUriError(f"unknown printer scheme {scheme!r}")


def printer_columns(settings: Settings) -> int:
    """Characters per line for the configured printer: the URI's `columns=`, else the
    paper's (32 for 58 mm, 48 for 80 mm)."""
    try:
        columns = parse_printer_uri(settings.printer).columns
    except PrinterUriError:
        columns = None
    return columns or settings.paper_columns


# --------------------------------------------------------------------------- rendering


def _qr_size(columns: int) -> int:
    return 4 if columns >= 42 else 3


def render_receipt_bytes(
    receipt: Receipt,
    *,
    profile: str = "TM-T20II",
    qr_native: bool = False,
    kick_drawer: bool = False,
    cut: bool = True,
    font: Literal["a", "b"] = "a",
) -> bytes:
    """The ESC/POS byte stream of a receipt: init, the lines, the QR, cut, drawer kick.

    Every text line is sanitised again here (cheap, and this is the last door before the
    printer); `font="b"` selects the narrow font (42 columns on 58 mm). Raises KeyError
    for an unknown profile name, ValueError for a QR payload no QR code can hold.
    """
    p = Dummy(profile=profile)
    p.hw("INIT")
    # ESC @ resets the printer's code page but python-escpos 3.1's encoder does not know.
    p.magic.encoding = None
    if font != "a":
        p.set(font=font)
    size: str = "normal"
    bold = False
    for line in receipt.lines:
        if line.kind == "qr":
            _render_qr(p, printable(line.text), receipt.columns, qr_native)
            continue
        if line.size != size:
            # ESC ! (size) also clears bold, so size first, then bold.
            p.set(
                normal_textsize=line.size == "normal",
                double_height=line.size in ("tall", "large"),
                double_width=line.size == "large",
            )
            size, bold = line.size, False
            p.set(bold=line.bold)
            bold = line.bold
        elif line.bold != bold:
            p.set(bold=line.bold)
            bold = line.bold
        p.text(printable(line.text, collapse=False) + "\n")
    if size != "normal":
        p.set(normal_textsize=True)
    if bold:
        p.set(bold=False)
    if cut:
        p.cut()
    if kick_drawer:
        p.cashdraw(2)
    return p.output


def _render_qr(p: Escpos, payload: str, columns: int, native: bool) -> None:
    if not payload:
        return
    if len(payload.encode("utf-8")) > QR_MAX_BYTES:
        # A printer given too much for GS ( k silently prints nothing; say so instead.
        raise ValueError(f"QR payload too long ({len(payload)} > {QR_MAX_BYTES} bytes)")
    # Centred by the printer (ESC a 1), not by python-escpos's image padding: that pads
    # to the profile's media width (576 dots for TM-T20II), wider than 58 mm paper.
    p.set(align="center")
    if native:
        p.qr(payload, size=_qr_size(columns) + 2, native=True)
        p.text("\n")
    else:
        p.qr(payload, size=_qr_size(columns), native=False, center=False)
    p.set(align="left")


# --------------------------------------------------------------------------- delivery


class _Fault(Exception):
    """A printing fault with its message key and parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("print deadline passed")
    return left


def _is_timeout(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, TimeoutError) or "timed out" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _detail(exc: BaseException) -> str:
    return printable(str(exc))[:200] or type(exc).__name__


def _open(p: Escpos, target: PrinterTarget, seconds: float) -> None:
    try:
        p.open()
    except NoBackendError as exc:  # pyusb is there, the system's libusb is not
        raise _Fault("print.err.usb_backend") from exc
    except DeviceNotFoundError as exc:
        if target.kind == "usb":
            raise _Fault("print.err.usb_missing", target=target.label) from exc
        if _is_timeout(exc):
            raise _Fault("print.err.timeout", target=target.label, seconds=seconds) from exc
        raise _Fault("print.err.unreachable", target=target.label) from exc


def _check_paper(p: Network, target: PrinterTarget, deadline: float, seconds: float) -> None:
    """Ask a network printer for its paper sensor; a real printer answers at once."""
    sock = p.device
    assert sock is not None
    try:
        sock.settimeout(_remaining(deadline))
        sock.sendall(RT_STATUS_PAPER)
        reply = sock.recv(16)
    except (TimeoutError, OSError) as exc:
        if _is_timeout(exc):
            raise _Fault("print.err.no_answer", target=target.label, seconds=seconds) from exc
        raise _Fault("print.err.write_failed", target=target.label, detail=_detail(exc)) from exc
    if not reply:  # the peer closed the connection
        raise _Fault("print.err.write_failed", target=target.label, detail="connection closed")
    # A DLE EOT 4 answer has bits 1 and 4 set and bits 0 and 7 clear; anything else is
    # not an ESC/POS printer (an HTTP server, a proxy) and would swallow the receipt.
    if reply[0] & _STATUS_FIXED_MASK != _STATUS_FIXED_BITS:
        raise _Fault("print.err.not_a_printer", target=target.label)
    if reply[0] & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
        raise _Fault("print.err.paper_out")


def _unacknowledged(sock: socket.socket) -> int | None:
    """Bytes written to `sock` that the peer has not acknowledged (Linux SIOCOUTQ), or
    None where the system cannot tell."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl
    import termios

    request = termios.TIOCOUTQ  # SIOCOUTQ has the same number
    try:
        return int(struct.unpack("i", fcntl.ioctl(sock.fileno(), request, b"\0" * 4))[0])
    except OSError:
        return None


def _wait_taken(sock: socket.socket, target: PrinterTarget, size: int, deadline: float) -> bool:
    """Wait until the printer's end has taken every byte (TCP acknowledged them all).

    `sendall` returns once the bytes are in this machine's buffers, which hold a big
    receipt whole: a printer that stopped reading would still look "sent". True when
    confirmed, False when the system cannot tell; a _Fault when the deadline passes
    with bytes still waiting (the connection is then reset, so nothing prints later)."""
    while True:
        left = _unacknowledged(sock)
        if left is None:
            return False
        if left == 0:
            return True
        if time.monotonic() >= deadline:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            raise _Fault("print.err.not_taken", target=target.label, left=left, size=size)
        time.sleep(min(0.01, max(0.0, deadline - time.monotonic())))


def _make_printer(target: PrinterTarget, profile: str, seconds: float) -> Escpos:
    if target.kind == "tcp":
        return Network(target.host, target.port, timeout=seconds, profile=profile)
    if target.kind == "file":
        return File(devfile=target.path, profile=profile)
    if target.kind == "usb":
        if not escpos_usb.is_usable():
            raise _Fault("print.err.driver_missing", kind="USB", package="pyusb")
        return Usb(
            target.vendor_id,
            target.product_id,
            timeout=max(1, int(seconds * 1000)),  # pyusb counts milliseconds
            in_ep=target.in_ep,
            out_ep=target.out_ep,
            profile=profile,
        )
    if target.kind == "serial":
        if not escpos_serial.is_usable():
            raise _Fault("print.err.driver_missing", kind="serial", package="pyserial")
        return Serial(target.path, baudrate=target.baudrate, timeout=seconds, profile=profile)
    if target.kind == "cups":
        if not escpos_cups.is_usable():
            raise _Fault("print.err.cups_missing")
        return CupsPrinter(target.path, profile=profile)
    raise _Fault("print.err.bad_uri", uri=target.uri)


def _deliver(target: PrinterTarget, data: bytes, profile: str, seconds: float) -> bool:
    """Open a fresh device, check it where it can tell, write `data`, close.

    Returns whether the printer is known to have taken the bytes: a network printer's
    end acknowledged them (see `_wait_taken`), or a local device accepted the write."""
    deadline = time.monotonic() + seconds
    confirmed = target.kind != "tcp"
    p = _make_printer(target, profile, seconds)
    try:
        _open(p, target, seconds)
        if target.kind == "tcp":
            assert isinstance(p, Network)
            if target.status_check:
                _check_paper(p, target, deadline, seconds)
            p.device.settimeout(_remaining(deadline))
        elif target.kind == "serial":
            # pyserial writes block forever by default (hardware flow control).
            p.device.write_timeout = seconds
        try:
            p._raw(data)
            if target.kind == "tcp":
                confirmed = _wait_taken(p.device, target, len(data), deadline)
        except _Fault:
            raise
        except Exception as exc:
            if _is_timeout(exc):
                raise _Fault("print.err.timeout", target=target.label, seconds=seconds) from exc
            raise _Fault(
                "print.err.write_failed", target=target.label, detail=_detail(exc)
            ) from exc
        return confirmed
    finally:
        try:
            p.close()  # CUPS submits the job here
        except Exception as exc:  # noqa: BLE001
            log.warning("closing printer %s: %s", target.label, _detail(exc))


def _with_watchdog(job: Callable[[], T], seconds: float) -> T:
    """Run `job` in a daemon thread and return its result; give up on it (as a timeout)
    after `seconds`."""
    outcome: list[tuple[T | None, BaseException | None]] = []

    def run() -> None:
        try:
            outcome.append((job(), None))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome.append((None, exc))

    worker = threading.Thread(target=run, name="sspos-print", daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        raise TimeoutError("printer driver did not return in time")
    result, error = outcome[0]
    if error is not None:
        raise error
    return result  # type: ignore[return-value]


def _message(settings: Settings, key: str, **params: Any) -> str:
    if "seconds" in params:
        params["seconds"] = f"{params['seconds']:g}"
    return t(key, settings.lang, **params)


def _send(receipt: Receipt, settings: Settings, kick_drawer: bool) -> PrintResult:
    preview = receipt_text(receipt)
    seconds = settings.printer_timeout
    try:
        target = parse_printer_uri(settings.printer)
    except PrinterUriError as exc:
        log.warning("printer URI: %s", exc)
        key = "print.err.bad_uri"
        return PrintResult(False, _message(settings, key, uri=settings.printer), key, preview)
    if target.kind == "none":
        return PrintResult(ok=True, preview=preview, info=_message(settings, "print.preview_only"))
    profile = settings.printer_profile
    try:
        get_profile(profile)  # python-escpos wants the name; check it exists first
    except KeyError:
        key = "print.err.bad_profile"
        message = _message(settings, key, profile=settings.printer_profile)
        return PrintResult(False, message, key, preview)
    kick = kick_drawer and settings.drawer_kick
    # More columns than the paper fits in font A (42 on 58 mm) needs the narrow font B.
    font: Literal["a", "b"] = "b" if receipt.columns > settings.paper_columns else "a"
    try:
        data = render_receipt_bytes(
            receipt, profile=profile, qr_native=settings.qr_native, kick_drawer=kick, font=font
        )
    except Exception as exc:
        key = "print.err.failed"
        log.exception("rendering the receipt failed")
        return PrintResult(False, _message(settings, key, detail=_detail(exc)), key, preview)
    done = _message(settings, "print.done", printer=target.label)
    if target.kind == "dummy":
        return PrintResult(ok=True, preview=preview, output=data, info=done)
    try:
        taken = _with_watchdog(
            lambda: _deliver(target, data, profile, seconds), seconds + WATCHDOG_GRACE
        )
    except _Fault as fault:
        message = _message(settings, fault.key, **fault.params)
        log.warning("printing to %s failed: %s", target.label, fault.key)
        return PrintResult(False, message, fault.key, preview, data)
    except TimeoutError:
        key = "print.err.timeout"
        message = _message(settings, key, target=target.label, seconds=seconds)
        log.warning("printing to %s: driver timeout", target.label)
        return PrintResult(False, message, key, preview, data)
    except Exception as exc:
        key = "print.err.failed"
        log.exception("printing to %s failed", target.label)
        return PrintResult(False, _message(settings, key, detail=_detail(exc)), key, preview, data)
    if target.kind == "tcp" and not (taken and target.status_check):
        # Without the status check nobody said a printer is there; without the
        # acknowledgement nobody said it took the bytes: sent, not confirmed.
        done = _message(settings, "print.sent_unconfirmed", printer=target.label)
    return PrintResult(ok=True, preview=preview, output=data, info=done)


def print_receipt(receipt: Receipt, settings: Settings, kick_drawer: bool) -> PrintResult:
    """Print a laid-out receipt on the configured printer; never raises.

    `kick_drawer`: open the cash drawer after the cut (pass True for cash payments; it
    also needs `settings.drawer_kick`). Takes at most about `settings.printer_timeout`
    seconds. With `SSPOS_PRINTER=none` nothing is printed and `preview` holds the text.
    """
    return _send(receipt, settings, kick_drawer)


def print_sale(data: ReceiptData, settings: Settings, *, reprint: bool = False) -> PrintResult:
    """Lay out `data` for the configured paper and print it; the drawer opens for cash
    payments, never for a reprint (which is marked as such on the paper)."""
    if reprint and not data.reprint:
        data = replace(data, reprint=True)
    try:
        receipt = layout_receipt(data, printer_columns(settings))
    except Exception as exc:
        key = "print.err.failed"
        log.exception("receipt layout failed")
        return PrintResult(False, _message(settings, key, detail=_detail(exc)), key)
    return _send(receipt, settings, kick_drawer=data.is_cash and not reprint)


def diagnostic_receipt(columns: int, lang: str, printer: str = "") -> Receipt:
    """A page that shows every text size, the width, transliteration and a QR code."""

    def tr(key: str, **params: Any) -> str:
        return printable(t(key, lang, **params))

    def centre(text: str, width: int) -> str:
        return " " * ((width - len(text)) // 2) + text

    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    lines = [
        ReceiptLine(centre(tr("print.test.title"), columns // 2), True, "large", True),
        ReceiptLine(centre(printable(printer)[:columns], columns), center=True),
        ReceiptLine("-" * columns),
        ReceiptLine(tr("print.test.normal")),
        ReceiptLine(tr("print.test.bold"), bold=True),
        ReceiptLine(tr("print.test.tall"), size="tall"),
        ReceiptLine(tr("print.test.large")[: columns // 2], size="large"),
        ReceiptLine(tr("print.test.columns", columns=columns)),
        ReceiptLine(ruler),
        ReceiptLine(tr("print.test.transliteration")[:columns]),
        ReceiptLine(tr("print.test.qr")[:columns]),
        ReceiptLine("sspos print-test", center=True, kind="qr"),
        ReceiptLine(tr("print.test.end")[:columns]),
    ]
    return Receipt(columns=columns, lang=lang, lines=tuple(lines))


@dataclass(frozen=True, slots=True)
class PrinterCheck:
    """Whether the configured printer can be reached now (`sspos doctor`), in the shop's
    language: `ok`, what was found, and the message key."""

    ok: bool
    message: str
    key: str


def check_printer(settings: Settings) -> PrinterCheck:
    """Look for the printer without printing: a TCP connect within `printer_timeout`, a
    writable file or device node, a USB device on the bus, a CUPS queue. Never raises."""

    def result(ok: bool, key: str, **params: Any) -> PrinterCheck:
        return PrinterCheck(ok, _message(settings, key, **params), key)

    try:
        target = parse_printer_uri(settings.printer)
    except PrinterUriError:
        return result(False, "print.err.bad_uri", uri=settings.printer)
    seconds = settings.printer_timeout
    try:
        if target.kind == "none":
            return result(True, "print.check.none")
        if target.kind == "dummy":
            return result(True, "print.check.dummy")
        if target.kind == "tcp":
            try:
                socket.create_connection((target.host, target.port), timeout=seconds).close()
            except TimeoutError:
                return result(False, "print.err.timeout", target=target.label, seconds=seconds)
            except OSError:
                return result(False, "print.err.unreachable", target=target.label)
            return result(True, "print.check.reachable", target=target.label)
        if target.kind in ("file", "serial"):
            if target.kind == "serial" and not escpos_serial.is_usable():
                return result(False, "print.err.driver_missing", kind="serial",
                              package="pyserial")
            path = Path(target.path)
            if path.exists() and os.access(path, os.W_OK):
                return result(True, "print.check.writable", target=target.label)
            if target.kind == "file" and not path.exists() and os.access(path.parent, os.W_OK):
                return result(True, "print.check.writable", target=target.label)
            return result(False, "print.err.not_writable", target=target.label)
        if target.kind == "usb":
            if not escpos_usb.is_usable():
                return result(False, "print.err.driver_missing", kind="USB", package="pyusb")
            found = escpos_usb.usb.core.find(idVendor=target.vendor_id,
                                             idProduct=target.product_id)
            if found is None:
                return result(False, "print.err.usb_missing", target=target.label)
            return result(True, "print.check.present", target=target.label)
        if not escpos_cups.is_usable():
            return result(False, "print.err.cups_missing")
        queues = escpos_cups.cups.Connection().getPrinters()
        if target.path not in queues:
            return result(False, "print.err.cups_queue", target=target.path)
        return result(True, "print.check.present", target=target.label)
    except NoBackendError:
        return result(False, "print.err.usb_backend")
    except Exception as exc:  # noqa: BLE001 - a check reports, it never crashes the doctor
        return result(False, "print.err.failed", detail=_detail(exc))


def print_test(settings: Settings) -> PrintResult:
    """`sspos print-test`: print the test page (all sizes, a QR, a cut) and report;
    `result.message` is the line to show (with `none`, followed by the page's text)."""
    target_label = settings.printer
    try:
        target_label = parse_printer_uri(settings.printer).label
    except PrinterUriError:
        pass
    receipt = diagnostic_receipt(printer_columns(settings), settings.lang, target_label)
    result = print_receipt(receipt, settings, kick_drawer=False)
    if result.ok and result.output == b"" and result.preview:
        # `none`: the preview is what there is to show.
        return replace(result, info=f"{result.info}\n\n{result.preview.rstrip()}")
    return result


__all__ = [
    "PrintResult",
    "PrinterCheck",
    "PrinterTarget",
    "PrinterUriError",
    "check_printer",
    "diagnostic_receipt",
    "parse_printer_uri",
    "print_receipt",
    "print_sale",
    "print_test",
    "printer_columns",
    "render_receipt_bytes",
]
