"""`sspos outbox`: list, retry ID, void ID --reason."""

from __future__ import annotations

import io

import pytest

from sspos.config import Settings
from sspos.outbox.command import OutboxArgs, outbox_command
from sspos.outbox.queue import Outbox


def note(ref: str) -> str:
    return f"Kasir [POS:{ref}]"


@pytest.fixture
def setup(tmp_path):
    settings = Settings(data_dir=tmp_path, lang="en")
    box = Outbox.in_dir(tmp_path)
    ok = box.enqueue_sale("T1-OK", {"order_date": "2026-11-28", "note": note("T1-OK")}, None)
    bad = box.enqueue_sale("T1-BAD", {"order_date": "2026-11-28", "note": note("T1-BAD")}, None)
    box.mark_sending(bad.id)
    # Server text is untrusted: an escape sequence must not reach the terminal.
    box.mark_rejected(bad.id, {"products.0.qty": ["Stok tidak cukup \x1b[31m(sisa 2)"]})
    done = box.enqueue_sale("T1-DONE", {"order_date": "2026-11-28", "note": note("T1-DONE")}, None)
    box.mark_sending(done.id)
    box.mark_submitted(done.id, 5, 6)
    return settings, box, ok, bad, done


def run(args: OutboxArgs, settings: Settings) -> tuple[int, str]:
    out = io.StringIO()
    code = outbox_command(args, settings.data_dir, settings.lang, out)
    return code, out.getvalue()


def test_list_shows_waiting_and_rejected_with_messages(setup):
    settings, _, ok, bad, _done = setup
    code, text = run(OutboxArgs(), settings)
    assert code == 0
    assert "1 waiting, 1 rejected, 1 submitted" in text
    assert f"#{ok.id}" in text and f"#{bad.id}" in text and "T1-DONE" not in text
    assert "products.0.qty: Stok tidak cukup" in text
    assert "\x1b" not in text
    code, text = run(OutboxArgs(show_all=True), settings)
    assert "T1-DONE" in text


def test_list_in_indonesian(setup):
    settings, *_ = setup
    code, text = run(OutboxArgs(), settings.model_copy(update={"lang": "id"}))
    assert code == 0 and "ditolak" in text and "menunggu" in text


def test_retry_puts_a_rejected_sale_back(setup):
    settings, box, _, bad, _ = setup
    code, text = run(OutboxArgs("retry", bad.id), settings)
    assert code == 0 and "back in the queue" in text
    assert box.entry(bad.id).state == "pending"
    code, text = run(OutboxArgs("retry", bad.id), settings)
    assert code == 1 and "is pending: cannot retry" in text


def test_void_needs_a_reason_and_keeps_it(setup):
    settings, box, ok, _, done = setup
    code, text = run(OutboxArgs("void", ok.id), settings)
    assert code == 2 and "--reason" in text
    assert box.entry(ok.id).state == "pending"
    code, text = run(OutboxArgs("void", ok.id, "double scan, sale redone"), settings)
    assert code == 0 and "voided" in text
    assert box.history(ok.id)[-1].detail == "double scan, sale redone"
    code, text = run(OutboxArgs("void", done.id, "x"), settings)
    assert code == 1 and "is submitted: cannot void" in text


def test_bad_usage_is_explained(setup, monkeypatch, capsys):
    settings, *_ = setup
    code, text = run(OutboxArgs("retry"), settings)
    assert code == 2 and "needs an entry number" in text
    code, text = run(OutboxArgs("retry", 999), settings)
    assert code == 1 and "No outbox entry #999" in text
    from sspos import cli

    monkeypatch.setenv("SSPOS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("SSPOS_TOKEN", "shop-token")
    monkeypatch.setenv("SSPOS_LANG", "en")
    for words in (["outbox", "frobnicate"], ["outbox", "retry", "abc"]):
        with pytest.raises(SystemExit) as stop:
            cli.main(words)
        assert stop.value.code == 2
        assert "usage" in capsys.readouterr().err.lower()


def test_lead_cli_wiring(setup, monkeypatch, capsys):
    settings, box, _, bad, _ = setup
    from sspos import cli

    monkeypatch.setenv("SSPOS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("SSPOS_TOKEN", "shop-token")
    monkeypatch.setenv("SSPOS_LANG", "en")
    assert cli.main(["outbox", "retry", str(bad.id)]) == 0
    assert box.entry(bad.id).state == "pending"
    assert cli.main(["outbox", "list"]) == 0
    assert "T1-BAD" in capsys.readouterr().out
    assert cli.main(["outbox", "list", "--all"]) == 0
    assert "T1-DONE" in capsys.readouterr().out
