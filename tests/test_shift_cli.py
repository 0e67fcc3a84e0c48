"""`sspos shift …` and `sspos cash …` in-process, against a bare shop over a socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sspos.cli import main
from sspos.sandbox import SandboxConfig, create_app
from sspos.sandbox.server import serve_in_thread


@pytest.fixture
def shop(monkeypatch) -> Iterator[object]:
    app = create_app(SandboxConfig(shop="bare", token="shop-token"))
    with serve_in_thread(app) as url:
        monkeypatch.setenv("SSPOS_API_URL", url)
        monkeypatch.setenv("SSPOS_TOKEN", "shop-token")
        monkeypatch.setenv("SSPOS_LANG", "en")
        monkeypatch.setenv("SSPOS_TERMINAL_ID", "K1")
        yield app


def sspos(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_shift_from_open_to_z_report_from_the_command_line(shop, capsys) -> None:
    code, out, _ = sspos(capsys, "shift", "open", "--float", "200.000")
    assert code == 0 and "Shift #1 opened on terminal K1, opening float 200.000" in out
    code, out, _ = sspos(capsys, "cash", "in", "50rb", "--reason", "coins from the bank")
    assert code == 0 and "50.000" in out
    code, out, err = sspos(capsys, "cash", "out", "300000", "--reason", "supplier")
    assert code == 1 and "more than the drawer should hold (250.000)" in err
    assert "--yes" in err and shop.state.sandbox.expenses_created() == []
    code, out, _ = sspos(capsys, "cash", "out", "30.000", "--reason", "water gallon")
    assert code == 0 and "booked as expense #" in out
    (expense,) = shop.state.sandbox.expenses_created()
    assert (expense["title"], expense["nominal"]) == ("water gallon", 30_000)
    assert "[POS:K1-" in expense["note"]
    code, out, _ = sspos(capsys, "shift", "x")
    assert code == 0 and "X REPORT" in out and "220.000" in out  # 200 + 50 - 30
    code, out, _ = sspos(capsys, "shift", "close", "--counted", "219.000")
    assert code == 0 and "Z REPORT" in out and "Short" in out and "1.000" in out
    assert "Every sale sent is on the server." in out
    code, out, err = sspos(capsys, "shift", "close", "--counted", "0")
    assert code == 1 and "No shift is open on terminal K1" in err
    code, out, _ = sspos(capsys, "shift", "list")
    assert code == 0 and "#1" in out and "over/short -1.000" in out
    code, again, _ = sspos(capsys, "shift", "show", "1")
    assert code == 0 and "Z REPORT" in again and "Short" in again


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("shift", "open", "--float", "-5"), "Unreadable amount: -5"),
        (("shift", "open", "--float", "lots"), "Unreadable amount: lots"),
        (("shift", "open"), "Give the amount (--float)"),
        (("cash", "in", "5000", "--reason", "x"), "No shift is open"),
        (("shift", "show", "42"), "No shift #42"),
    ],
)
def test_bad_input_is_one_line_in_the_shop_s_language(shop, capsys, args, message) -> None:
    code, _, err = sspos(capsys, *args)
    assert code == 1 and message in err and "Traceback" not in err
