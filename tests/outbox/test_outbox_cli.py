"""`sspos outbox`: list, retry ID, void ID --reason."""

from __future__ import annotations

import io

import pytest

from sspos.config import Settings
from sspos.store.outbox import Outbox
from sspos.store.submitter import outbox_command


def note(ref: str) -> str:
    return f"Kasir [POS:{ref}]"


@pytest.fixture
def setup(tmp_path):
    settings = Settings(data_dir=tmp_path, lang="en")
    box = Outbox.in_dir(tmp_path)
    ok = box.enqueue_sale("T1-OK", {"order_date": "2026-11-28", "note": note("T1-OK")}, {})
    bad = box.enqueue_sale("T1-BAD", {"order_date": "2026-11-28", "note": note("T1-BAD")}, {})
    box.mark_sending(bad.id)
    # Server text is untrusted: an escape sequence must not reach the terminal.
    box.mark_rejected(bad.id, {"products.0.qty": ["Stok tidak cukup \x1b[31m(sisa 2)"]})
    done = box.enqueue_sale("T1-DONE", {"order_date": "2026-11-28", "note": note("T1-DONE")}, {})
    box.mark_sending(done.id)
    box.mark_submitted(done.id, 5, 6)
    return settings, box, ok, bad, done


def run(args, settings, data_dir=None):
    out = io.StringIO()
    folder = data_dir if data_dir is not None else settings.data_dir
    code = outbox_command(args, settings, folder, out)
    return code, out.getvalue()


def test_list_shows_waiting_and_rejected_with_messages(setup):
    settings, _, ok, bad, done = setup
    code, text = run(["list"], settings)
    assert code == 0
    assert "1 waiting, 1 rejected, 1 submitted" in text
    assert f"#{ok.id}" in text and f"#{bad.id}" in text and "T1-DONE" not in text
    assert "products.0.qty: Stok tidak cukup" in text
    assert "\x1b" not in text
    code, text = run(["list", "--all"], settings)
    assert "T1-DONE" in text


def test_list_in_indonesian_and_the_out_only_call_form(setup):
    settings, *_ = setup
    out = io.StringIO()
    indonesian = settings.model_copy(update={"lang": "id"})
    assert outbox_command([], indonesian, out) == 0  # (args, settings, out): settings' data dir
    assert "ditolak" in out.getvalue() and "menunggu" in out.getvalue()


def test_retry_puts_a_rejected_sale_back(setup):
    settings, box, _, bad, _ = setup
    code, text = run(["retry", str(bad.id)], settings)
    assert code == 0 and "back in the queue" in text
    assert box.entry(bad.id).state == "pending"
    code, text = run(["retry", str(bad.id)], settings)
    assert code == 1 and "is pending: cannot retry" in text


def test_void_needs_a_reason_and_keeps_it(setup):
    settings, box, ok, _, done = setup
    code, text = run(["void", str(ok.id)], settings)
    assert code == 2 and "--reason" in text
    assert box.entry(ok.id).state == "pending"
    code, text = run(["void", str(ok.id), "--reason", "double scan, sale redone"], settings)
    assert code == 0 and "voided" in text
    assert box.history(ok.id)[-1].detail == "double scan, sale redone"
    code, text = run(["void", str(done.id), "--reason", "x"], settings)
    assert code == 1 and "is submitted: cannot void" in text


def test_bad_usage_is_explained(setup):
    settings, *_ = setup
    assert run(["retry"], settings)[0] == 2
    code, text = run(["retry", "999"], settings)
    assert code == 1 and "No outbox entry #999" in text
    code, text = run(["frobnicate"], settings)
    assert code == 2 and "Usage" in text
    code, text = run(["retry", "abc"], settings)
    assert code == 2


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


def test_status_text_for_the_status_bar():
    from sspos.store.outbox import OutboxCounts
    from sspos.store.submitter import WorkerStatus, status_text

    busy = WorkerStatus("offline", OutboxCounts(pending=2, sending=1, rejected=1, unprinted=1))
    assert status_text(busy, "id") == "OFFLINE · 3 antre · 1 ditolak · 1 struk belum tercetak"
    assert status_text(WorkerStatus("online", OutboxCounts(submitted=9)), "en") == "ONLINE"
    assert status_text(WorkerStatus(None, OutboxCounts(pending=1)), "en") == (
        "CONNECTING… · 1 queued"
    )
    assert status_text(WorkerStatus("unauthorized", OutboxCounts()), "id") == "TOKEN DITOLAK"
    assert status_text(WorkerStatus("failing", OutboxCounts()), "en") == "SERVER FAILING"
    assert WorkerStatus("unauthorized", OutboxCounts()).online is True  # the server answers
