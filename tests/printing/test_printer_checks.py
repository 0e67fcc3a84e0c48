"""A missing printer backend is named (what to install), and `check_printer` (for
`sspos doctor`) finds the printer without printing."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
import usb.backend.libusb0
import usb.backend.libusb1
import usb.backend.openusb
from escpos.printer import cups as escpos_cups

from sspos.config import Settings
from sspos.printing.printers import check_printer, print_sale
from tests.printing.sales import counter_cash


def settings_for(printer: str, **overrides: object) -> Settings:
    return Settings(printer=printer, lang="en", **overrides)


def test_cups_without_pycups_says_which_extra_to_install(monkeypatch) -> None:
    monkeypatch.setattr(escpos_cups, "_DEP_PYCUPS", False)
    result = print_sale(counter_cash(), settings_for("cups:Receipts"))
    assert not result.ok and result.error_key == "print.err.cups_missing"
    assert "uv sync --extra cups" in result.error and "sspos[cups]" in result.error
    check = check_printer(settings_for("cups:Receipts"))
    assert (check.ok, check.key) == (False, "print.err.cups_missing")


def test_usb_without_the_system_libusb_says_so(monkeypatch) -> None:
    # pyusb is installed but finds no backend library, as on a machine without libusb.
    for backend in (usb.backend.libusb1, usb.backend.libusb0, usb.backend.openusb):
        monkeypatch.setattr(backend, "get_backend", lambda *args, **kwargs: None)
    result = print_sale(counter_cash(), settings_for("usb://04b8:0202", printer_timeout=1))
    assert not result.ok and result.error_key == "print.err.usb_backend"
    assert "libusb" in result.error
    check = check_printer(settings_for("usb://04b8:0202"))
    assert (check.ok, check.key) == (False, "print.err.usb_backend")


def test_tcp_printer_is_reached_or_named(monkeypatch) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        check = check_printer(settings_for(f"tcp://127.0.0.1:{port}", printer_timeout=1))
        assert (check.ok, check.message) == (True, f"127.0.0.1:{port} reachable")
    check = check_printer(settings_for(f"tcp://127.0.0.1:{port}", printer_timeout=1))
    assert (check.ok, check.key) == (False, "print.err.unreachable")
    assert f"127.0.0.1:{port}" in check.message


def test_file_and_device_printers(tmp_path: Path) -> None:
    assert check_printer(settings_for(f"file:{tmp_path / 'receipts.txt'}")).ok
    missing = check_printer(settings_for(f"file:{tmp_path / 'no-such-dir' / 'lp0'}"))
    assert (missing.ok, missing.key) == (False, "print.err.not_writable")
    device = check_printer(settings_for(f"serial:{tmp_path / 'ttyUSB9'}"))
    assert (device.ok, device.key) == (False, "print.err.not_writable")
    locked = tmp_path / "lp0"
    locked.write_bytes(b"")
    os.chmod(locked, 0o400)
    if os.geteuid() != 0:  # root may write anything
        assert not check_printer(settings_for(f"file:{locked}")).ok


@pytest.mark.parametrize(("printer", "ok"), [("none", True), ("dummy:", True),
                                             ("tcp://", False)])
def test_no_printer_and_bad_addresses(printer: str, ok: bool) -> None:
    assert check_printer(settings_for(printer)).ok is ok
