"""Paid-outs as SmartSeller expenses through the outbox: exactly once, whatever answers."""

from __future__ import annotations

import sqlite3

import pytest

from sspos.domain.order import note_with_reference
from sspos.outbox.entries import OutboxError
from sspos.outbox.queue import Outbox
from sspos.outbox.schema import SCHEMA, SCHEMA_VERSION

DAY = "2026-11-28"


def expense(ref: str, nominal: int = 25_000, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {"title": "Beli galon", "nominal": nominal,
                               "note": note_with_reference("Kas keluar T1", ref), "date": DAY}
    body.update(changes)
    return body


def expenses_on_server(rig) -> list[dict]:
    return rig.app.state.sandbox.expenses_created()


async def test_a_paid_out_is_created_once_and_remembers_the_expense_id(rig) -> None:
    entry = rig.outbox.enqueue_expense("T1-EXP1", expense("T1-EXP1"))
    report = await rig.worker.drain_once()
    done = rig.outbox.entry(entry.id)
    created = expenses_on_server(rig)
    assert report.sent == 1 and done.state == "submitted"
    assert [(e["id"], e["nominal"], e["title"]) for e in created] == [
        (done.order_id, 25_000, "Beli galon")]
    await rig.worker.drain_once()
    assert len(expenses_on_server(rig)) == 1


async def test_a_lost_answer_is_settled_by_looking_the_expense_up_not_by_sending_again(
    rig,
) -> None:
    rig.faults.drop_after_commit_rate = 1.0
    entry = rig.outbox.enqueue_expense("T1-EXP2", expense("T1-EXP2"))
    first = await rig.worker.drain_once()
    assert first.error is not None
    assert rig.outbox.entry(entry.id).state == "sending"  # in doubt: it may have landed
    rig.faults.drop_after_commit_rate = 0.0
    second = await rig.worker.drain_once()
    done = rig.outbox.entry(entry.id)
    assert second.found == 1 and done.state == "submitted"
    assert [e["id"] for e in expenses_on_server(rig)] == [done.order_id]


async def test_a_doubtful_send_that_never_landed_is_sent_again_after_the_lookup(rig) -> None:
    entry = rig.outbox.enqueue_expense("T1-EXP3", expense("T1-EXP3"))
    rig.outbox.mark_sending(entry.id)  # a crash right before the request left
    report = await rig.worker.drain_once()
    assert report.sent == 1 and report.resent == 1
    assert rig.outbox.entry(entry.id).state == "submitted"
    assert len(expenses_on_server(rig)) == 1


async def test_the_server_refusing_an_expense_leaves_it_rejected_with_its_messages(rig) -> None:
    entry = rig.outbox.enqueue_expense("T1-EXP4", expense("T1-EXP4", title=""))
    await rig.worker.drain_once()
    rejected = rig.outbox.entry(entry.id)
    assert rejected.state == "rejected" and "title" in rejected.messages
    assert expenses_on_server(rig) == []


@pytest.mark.parametrize(
    ("body", "key"),
    [
        (expense("T1-X", nominal=0), "outbox.error.bad_amount"),
        (expense("T1-X", nominal=-5), "outbox.error.bad_amount"),
        (expense("T1-X", date="28/11/2026"), "outbox.error.bad_date"),
        (expense("T1-OTHER"), "outbox.error.note_without_reference"),
    ],
)
def test_a_bad_expense_is_refused_at_the_counter(tmp_path, body, key) -> None:
    with pytest.raises(OutboxError) as refused:
        Outbox.in_dir(tmp_path).enqueue_expense("T1-X", body)
    assert refused.value.key == key


def test_an_outbox_file_from_before_expenses_takes_them_after_the_upgrade(tmp_path) -> None:
    path = tmp_path / "outbox.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA.replace(", 'expense'", ""))
        conn.execute(
            "INSERT INTO entries (kind, client_ref, state, payload, created_at, updated_at,"
            " customer_id) VALUES ('customer', 'T1-C', 'submitted', '{}', 'then', 'then', 77)"
        )
        conn.execute("PRAGMA user_version = 1")
    box = Outbox(path)
    assert box.entry(1).customer_id == 77
    assert box.enqueue_expense("T1-E", expense("T1-E")).kind == "expense"
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
