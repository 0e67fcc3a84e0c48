"""Printing: the ESC/POS byte stream (Dummy, file, a loopback TCP "printer") and faults.

Fault tests bound the elapsed time loosely (timeout + 2 s): they guard the issue's
promise that a dead printer costs at most the configured timeout instead of
python-escpos's 60 s default; they are not performance measurements.
"""

from __future__ import annotations

import gc
import os
import socket
import threading
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from escpos.printer import usb as escpos_usb

from sspos.config import Settings
from sspos.printing.printers import (
    PrinterUriError,
    parse_printer_uri,
    print_receipt,
    print_sale,
    print_test,
    printer_columns,
    render_receipt_bytes,
)
from sspos.printing.receipt import ReceiptData, layout_receipt, receipt_text
from tests.printing.sales import (
    EVIL_NAME,
    EVIL_NAME_PRINTED,
    counter_cash,
    many_lines,
    shipping_installment,
)

INIT = b"\x1b@"
CUT = b"\x1dV"  # GS V: full or partial cut
KICK = b"\x1bp"  # ESC p: drawer pulse
NATIVE_QR = b"\x1d(k"  # GS ( k
RASTER = b"\x1dv0"  # GS v 0: raster image
STATUS_QUERY = b"\x10\x04\x04"  # DLE EOT 4: paper sensor
PAPER_OK = b"\x12"
PAPER_OUT = b"\x72"
SLACK = 2.0


def settings_for(printer: str, **overrides) -> Settings:
    return Settings(printer=printer, **overrides)


def text_lines(receipt) -> list[bytes]:
    """The printed text lines (not the QR placeholder) as the printer receives them."""
    return [
        line.text.encode("ascii") for line in receipt.lines if line.kind == "text" and line.text
    ]


# ---------------------------------------------------------------- URIs


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("none", {"kind": "none"}),
        ("dummy:", {"kind": "dummy"}),
        ("file:/dev/usb/lp0", {"kind": "file", "path": "/dev/usb/lp0"}),
        ("file:///tmp/receipt.bin", {"kind": "file", "path": "/tmp/receipt.bin"}),
        ("tcp://192.168.1.50:9100", {"kind": "tcp", "host": "192.168.1.50", "port": 9100}),
        ("tcp://printer.local", {"kind": "tcp", "host": "printer.local", "port": 9100}),
        ("tcp://10.0.0.9:9101?status=0", {"kind": "tcp", "port": 9101, "status_check": False}),
        ("usb://04b8:0202", {"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0202}),
        ("usb://0416:5011?out_ep=0x03", {"kind": "usb", "out_ep": 3}),
        (
            "serial:/dev/ttyUSB0?baudrate=19200",
            {"kind": "serial", "path": "/dev/ttyUSB0", "baudrate": 19200},
        ),
        ("cups:TM-T20", {"kind": "cups", "path": "TM-T20"}),
        ("tcp://10.0.0.9:9100?columns=42", {"kind": "tcp", "columns": 42}),
    ],
)
def test_parse_printer_uri(uri: str, expected: dict) -> None:
    target = parse_printer_uri(uri)
    for name, value in expected.items():
        assert getattr(target, name) == value


@pytest.mark.parametrize(
    "uri",
    [
        "tcp://:9100",
        "tcp://host:99999",
        "usb://04b8",
        "usb://zz:01",
        "file:",
        "serial:",
        "serial:/dev/ttyS0?baudrate=fast",
        "lpt:1",
        "tcp://h:9100?columns=300",
    ],
)
def test_bad_printer_uri(uri: str) -> None:
    with pytest.raises(PrinterUriError):
        parse_printer_uri(uri)


def test_columns_follow_paper_unless_the_uri_says() -> None:
    assert printer_columns(settings_for("none", paper=58)) == 32
    assert printer_columns(settings_for("none", paper=80)) == 48
    assert printer_columns(settings_for("tcp://h:9100?columns=42", paper=80)) == 42


# ---------------------------------------------------------------- none / dummy / file


def test_none_returns_the_preview() -> None:
    receipt = layout_receipt(counter_cash(), 32)
    result = print_receipt(receipt, settings_for("none"), kick_drawer=True)
    assert result.ok and result.error is None
    assert result.preview == receipt_text(receipt) and result.output == b""


@pytest.mark.parametrize("paper", [58, 80])
def test_dummy_stream_has_init_text_qr_cut_and_kick(paper: int) -> None:
    settings = settings_for("dummy:", paper=paper)
    data = counter_cash()
    result = print_sale(data, settings)
    assert result.ok
    out = result.output
    assert out.startswith(INIT)
    receipt = layout_receipt(data, settings.paper_columns)
    for line in text_lines(receipt):
        assert line + b"\n" in out, line
    assert RASTER in out  # the QR as an image by default, centred by the printer
    assert (
        out.rindex(b"\x1ba\x01", 0, out.index(RASTER)) < out.index(RASTER) < out.index(b"\x1ba\x00")
    )
    cut_at = out.rindex(CUT)
    assert out.count(CUT) == 1 and out.index(KICK) > cut_at  # kick after the cut
    assert out.count(KICK) == 1
    assert result.preview == receipt_text(receipt)


def test_native_qr_carries_the_payload() -> None:
    result = print_sale(counter_cash(), settings_for("dummy:", qr_native=True))
    assert NATIVE_QR + b"\x11\x001P0PO-2026-000123" in result.output
    assert RASTER not in result.output


def test_drawer_kicks_only_for_cash_and_when_enabled() -> None:
    cash = counter_cash()
    transfer = replace(cash, is_cash=False, tendered=None, change=0, payment_method="BCA")
    assert KICK in print_sale(cash, settings_for("dummy:")).output
    assert KICK not in print_sale(transfer, settings_for("dummy:")).output
    assert KICK not in print_sale(cash, settings_for("dummy:", drawer_kick=False)).output
    assert KICK not in print_sale(cash, settings_for("dummy:"), reprint=True).output
    receipt = layout_receipt(cash, 48)
    assert KICK not in print_receipt(receipt, settings_for("dummy:"), kick_drawer=False).output


def test_reprint_is_marked_on_paper() -> None:
    result = print_sale(counter_cash("en"), settings_for("dummy:"), reprint=True)
    assert b"*** REPRINT ***" in result.output


def test_no_control_byte_from_a_product_name() -> None:
    base = shipping_installment()
    evil = replace(
        base,
        items=(replace(base.items[0], name=EVIL_NAME, variant="\x1b@\x1dV\x01"),),
        is_cash=False,
    )
    clean = replace(
        base, items=(replace(base.items[0], name=EVIL_NAME_PRINTED, variant="V"),), is_cash=False
    )
    settings = settings_for("dummy:", qr_native=True)
    evil_out = print_sale(evil, settings).output
    # The hostile name prints exactly as its harmless, sanitised spelling would.
    assert evil_out == print_sale(clean, settings).output
    assert evil_out.count(CUT) == 1 and KICK not in evil_out and evil_out.count(INIT) == 1
    assert EVIL_NAME_PRINTED.encode() in evil_out


def test_size_is_set_before_bold() -> None:
    out = print_sale(counter_cash(), settings_for("dummy:")).output
    # TOTAL: double height (ESC ! 0x10), then bold (ESC E 1); ESC ! would clear bold.
    assert b"\x1b!\x10\x1bE\x01TOTAL" in out
    assert b"\x1b!0\x1bE\x01" in out  # the shop name: large and bold


def test_narrow_font_when_the_paper_needs_it() -> None:
    font_b = b"\x1bM\x01"
    narrow = print_sale(counter_cash(), settings_for("dummy:?columns=42", paper=58))
    assert narrow.ok and font_b in narrow.output
    assert "-" * 42 + "\n" in narrow.preview
    assert font_b not in print_sale(counter_cash(), settings_for("dummy:", paper=58)).output


def test_render_profile_and_encoder_reset() -> None:
    receipt = layout_receipt(counter_cash(), 32)
    out = render_receipt_bytes(receipt, profile="TM-T20II")
    assert out.startswith(INIT) and KICK not in out
    with pytest.raises(KeyError):
        render_receipt_bytes(receipt, profile="no-such-printer")


def test_unknown_profile_is_a_clear_error() -> None:
    result = print_sale(counter_cash(), settings_for("dummy:", printer_profile="TM-XYZ"))
    assert not result.ok and result.error_key == "print.err.bad_profile"
    assert "TM-XYZ" in (result.error or "") and result.preview


@pytest.mark.parametrize("native", [False, True])
def test_unprintable_qr_is_an_error_not_an_exception(native: bool) -> None:
    data = replace(counter_cash(), qr_payload="X" * 8000)  # beyond any QR code's capacity
    result = print_sale(data, settings_for("dummy:", qr_native=native))
    assert not result.ok and result.error_key == "print.err.failed" and result.preview


def test_file_printer_writes_the_stream(tmp_path: Path) -> None:
    target = tmp_path / "printer.bin"
    result = print_sale(counter_cash(), settings_for(f"file:{target}"))
    assert result.ok
    assert target.read_bytes() == result.output and result.output.startswith(INIT)


def test_file_printer_missing_device(tmp_path: Path) -> None:
    settings = settings_for(f"file:{tmp_path / 'no-dir' / 'lp0'}", lang="en")
    result = print_sale(counter_cash(), settings)
    assert not result.ok and result.error_key == "print.err.unreachable"
    assert "Cannot reach printer" in (result.error or "") and result.message == result.error


def test_print_test_page(tmp_path: Path) -> None:
    result = print_test(settings_for("dummy:", paper=58, lang="en"))
    assert result.ok
    out = result.output
    assert out.startswith(INIT) and out.count(CUT) == 1 and KICK not in out and RASTER in out
    for size in (b"\x1b!\x10", b"\x1b!0"):  # tall, large
        assert size in out
    assert b"12345678901234567890123456789012\n" in out
    assert b"Cafe Senor Strasse" in out
    assert "PRINTER TEST" in result.preview and "[QR: sspos print-test]" in result.preview
    assert result.message == "Sent to printer dummy."
    none = print_test(settings_for("none"))
    assert none.ok and "TES PRINTER" in none.preview
    assert none.message.startswith("Printer tidak diatur") and "TES PRINTER" in none.message


# ---------------------------------------------------------------- loopback TCP printer


class FakePrinter:
    """A tiny TCP "printer" on 127.0.0.1: records what it receives, answers the paper
    status query with `status` (None: never answers), or never reads at all."""

    def __init__(
        self, status: bytes | None = PAPER_OK, reads: bool = True, buffer: int | None = None
    ) -> None:
        self.server = socket.socket()
        if buffer is not None:  # a printer's small receive buffer (set before listening)
            self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.status = status
        self.reads = reads
        self.received = bytearray()
        self.connections = 0
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        self.connections += 1
        with conn:
            if not self.reads:
                self.release.wait(10)
                return
            conn.settimeout(10)
            answered = False
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.received += chunk
                if not answered and self.status is not None and STATUS_QUERY in self.received:
                    conn.sendall(self.status)
                    answered = True

    def finish(self) -> bytes:
        self.thread.join(5)
        return bytes(self.received)

    def close(self) -> None:
        self.release.set()
        self.server.close()
        self.thread.join(5)


@pytest.fixture
def fake_printer() -> Iterator[Callable[..., FakePrinter]]:
    made: list[FakePrinter] = []

    def make(**kwargs) -> FakePrinter:
        printer = FakePrinter(**kwargs)
        made.append(printer)
        return printer

    yield make
    for printer in made:
        printer.close()


def test_tcp_happy_path(fake_printer) -> None:
    printer = fake_printer()
    result = print_sale(counter_cash(), settings_for(printer.uri))
    assert result.ok, result.error
    received = printer.finish()
    assert received == STATUS_QUERY + result.output
    assert result.output.startswith(INIT) and KICK in result.output and RASTER in result.output
    for line in text_lines(layout_receipt(counter_cash(), 48)):
        assert line in received


def test_tcp_without_status_check(fake_printer) -> None:
    printer = fake_printer(status=None)
    result = print_sale(counter_cash(), settings_for(printer.uri + "?status=0", lang="en"))
    assert result.ok, result.error
    assert printer.finish() == result.output
    # Nothing asked whether a printer is there: honest about it.
    assert (
        result.info == f"Sent to 127.0.0.1:{printer.port}, not confirmed (the printer was "
        "not asked for its status)."
    )
    checked = fake_printer()
    result = print_sale(counter_cash(), settings_for(checked.uri, lang="en"))
    assert result.ok and result.info == f"Sent to printer 127.0.0.1:{checked.port}."


def long_receipt() -> ReceiptData:
    """A receipt of a few hundred lines (~100 KB of ESC/POS)."""
    data = many_lines()
    return replace(data, items=data.items * 60)


def test_status_0_never_says_sent_for_bytes_the_printer_did_not_take(fake_printer) -> None:
    # A listener that accepts and never reads: the bytes fit in the two machines' socket
    # buffers only in part, and nobody takes the rest.
    printer = fake_printer(status=None, reads=False, buffer=4096)
    settings = settings_for(printer.uri + "?status=0", printer_timeout=0.5, lang="en")
    started = time.monotonic()
    result = print_sale(long_receipt(), settings)
    elapsed = time.monotonic() - started
    assert not result.ok and result.error_key == "print.err.not_taken"
    assert f"of {len(result.output)} bytes left" in (result.error or "")
    assert "reprint from Orders" in (result.error or "")
    assert elapsed < 0.5 + SLACK


def test_tcp_paper_out_is_reported_before_printing(fake_printer) -> None:
    printer = fake_printer(status=PAPER_OUT)
    result = print_sale(counter_cash(), settings_for(printer.uri, lang="en"))
    assert not result.ok and result.error_key == "print.err.paper_out"
    assert "out of paper" in (result.error or "")
    assert printer.finish() == STATUS_QUERY  # the receipt was not sent into the void


def test_tcp_something_that_is_not_a_printer(fake_printer) -> None:
    printer = fake_printer(status=b"HTTP/1.1 400 Bad Request\r\n")
    result = print_sale(counter_cash(), settings_for(printer.uri))
    assert not result.ok and result.error_key == "print.err.not_a_printer"


def test_tcp_nothing_listening() -> None:
    # A bound socket that does not listen: connections to its port are refused.
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    port = holder.getsockname()[1]
    try:
        started = time.monotonic()
        result = print_sale(
            counter_cash(), settings_for(f"tcp://127.0.0.1:{port}", printer_timeout=1)
        )
        elapsed = time.monotonic() - started
    finally:
        holder.close()
    assert not result.ok and result.error_key == "print.err.unreachable"
    assert f"127.0.0.1:{port}" in (result.error or "")
    assert result.preview and result.output  # the receipt is kept for a reprint
    assert elapsed < 1 + SLACK


def test_tcp_connect_times_out() -> None:
    """A listener whose accept queue is full drops new SYNs: connect() hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    filler = socket.create_connection(server.getsockname(), timeout=1)
    host, port = server.getsockname()
    try:
        started = time.monotonic()
        result = print_sale(
            counter_cash(), settings_for(f"tcp://{host}:{port}", printer_timeout=0.5)
        )
        elapsed = time.monotonic() - started
    finally:
        filler.close()
        server.close()
    assert not result.ok and result.error_key == "print.err.timeout"
    assert elapsed < 0.5 + SLACK


def test_tcp_accepts_but_never_reads(fake_printer) -> None:
    printer = fake_printer(reads=False)
    settings = settings_for(printer.uri, printer_timeout=0.5, lang="en")
    started = time.monotonic()
    result = print_sale(counter_cash(), settings)
    elapsed = time.monotonic() - started
    assert not result.ok and result.error_key == "print.err.no_answer"
    assert "0.5" in (result.error or "") and "status=0" in (result.error or "")
    assert printer.connections == 1
    assert elapsed < 0.5 + SLACK


def test_tcp_fresh_connection_per_job(fake_printer) -> None:
    first, second = fake_printer(), fake_printer()
    assert print_sale(counter_cash(), settings_for(first.uri)).ok
    assert print_sale(counter_cash(), settings_for(second.uri)).ok
    assert first.finish() and second.finish()
    assert first.connections == second.connections == 1


# ---------------------------------------------------------------- USB, hung drivers


def test_usb_support_not_installed(monkeypatch) -> None:
    monkeypatch.setattr(escpos_usb, "_DEP_USB", False)
    result = print_sale(counter_cash(), settings_for("usb://04b8:0202", lang="en"))
    assert not result.ok and result.error_key == "print.err.driver_missing"
    assert "pyusb" in (result.error or "")


def test_usb_device_absent(monkeypatch) -> None:
    """pyusb present (a stand-in module) but no device on the bus: find() returns None."""

    class USBError(Exception):
        pass

    searched: list[dict] = []

    def find(**kwargs):
        searched.append(kwargs)

    fake_usb = types.SimpleNamespace(
        core=types.SimpleNamespace(find=find, USBError=USBError, Device=object),
        util=types.SimpleNamespace(dispose_resources=lambda device: None),
    )
    monkeypatch.setattr(escpos_usb, "_DEP_USB", True)
    monkeypatch.setattr(escpos_usb, "usb", fake_usb, raising=False)
    started = time.monotonic()
    result = print_sale(counter_cash(), settings_for("usb://04b8:0202", printer_timeout=1))
    assert time.monotonic() - started < 1 + SLACK
    assert not result.ok and result.error_key == "print.err.usb_missing"
    assert "04b8:0202" in (result.error or "")
    assert searched == [{"idVendor": 0x04B8, "idProduct": 0x0202}]
    gc.collect()  # python-escpos closes in __del__: let it happen while the stand-in is here


def test_hung_driver_is_abandoned_after_the_timeout(tmp_path: Path) -> None:
    """Opening a FIFO with no reader blocks forever: the watchdog gives up on it."""
    fifo = tmp_path / "stuck-printer"
    os.mkfifo(fifo)
    try:
        started = time.monotonic()
        result = print_sale(counter_cash(), settings_for(f"file:{fifo}", printer_timeout=0.3))
        elapsed = time.monotonic() - started
        assert not result.ok and result.error_key == "print.err.timeout"
        assert elapsed < 0.3 + SLACK
    finally:
        # Let the abandoned thread finish: give its open() a reader, then drain.
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        got, deadline = 0, time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                chunk = None
            if chunk:
                got += len(chunk)
            elif chunk == b"" and got:
                break  # the writer wrote the receipt and closed
            else:
                time.sleep(0.01)
        os.close(reader)
