"""`sspos outbox`: what waits, what was rejected, and the admin's retry and void.

The command line is parsed by `sspos.cli`; `outbox_command` takes its typed arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from sspos.domain.text import clean_text
from sspos.i18n import t
from sspos.outbox.entries import OPEN_STATES, DuplicateWatch, OutboxEntry, OutboxError
from sspos.outbox.queue import Outbox

_STATE_KEYS = {
    "pending": "outbox.state.pending",
    "sending": "outbox.state.sending",
    "submitted": "outbox.state.submitted",
    "rejected": "outbox.state.rejected",
    "voided": "outbox.state.voided",
}
_KIND_KEYS = {
    "sale": "outbox.kind.sale",
    "awb": "outbox.kind.awb",
    "payment": "outbox.kind.payment",
    "customer": "outbox.kind.customer",
    "expense": "outbox.kind.expense",
}
_ACTION_KEYS = {
    "send": "outbox.action.send",
    "submit": "outbox.action.submit",
    "rejected": "outbox.action.rejected",
    "unsent": "outbox.action.unsent",
    "retry": "outbox.action.retry",
    "void": "outbox.action.void",
    "edit": "outbox.action.edit",
    "search": "outbox.action.search",
}


def _entry_lines(entry: OutboxEntry, watch: DuplicateWatch | None, lang: str) -> list[str]:
    state = t(_STATE_KEYS[entry.state], lang)
    kind = t(_KIND_KEYS[entry.kind], lang)
    when = entry.created_at[:19]
    head = f"#{entry.id:<5} {kind:<10} {state:<12} {clean_text(entry.client_ref)}  {when}"
    if entry.kind == "awb":
        head += f"  {kind} {clean_text(str(entry.payload.get('awb_number', '')))}"
    elif entry.kind == "payment":
        head += f"  {entry.payload.get('amount')} ({entry.payload.get('date')})"
    elif entry.kind == "customer":
        head += f"  {clean_text(str(entry.payload.get('name', '')))}"
    elif entry.kind == "expense":
        head += (f"  {entry.payload.get('nominal')}"
                 f" {clean_text(str(entry.payload.get('title', '')))}")
    lines = [head]
    for field_name, messages in entry.messages.items():
        lines.append(f"        {clean_text(field_name)}: {clean_text('; '.join(messages))}")
    if entry.last_error and entry.state != "rejected":
        lines.append("        " + t("outbox.cli.last_error", lang,
                                      error=clean_text(entry.last_error)))
    if entry.state == "sending":
        lines.append("        " + t("outbox.cli.in_doubt", lang, count=entry.misses))
    if watch is not None:
        for order_id, po in watch.cancelled:
            lines.append("        " + t("outbox.cli.duplicate_cancelled", lang,
                                          order_id=order_id, po=po or "?", kept=watch.order_id))
        if watch.refused:
            refused_id, _, message = watch.refused.partition(": ")
            lines.append("        " + t("outbox.cli.duplicate_refused", lang, order_id=refused_id,
                                          message=clean_text(message), kept=watch.order_id))
        if watch.closed_at is None:
            lines.append("        " + t("outbox.cli.watching", lang, until=watch.until[:19]))
    return lines


OutboxAction = Literal["list", "retry", "void"]
OUTBOX_ACTIONS: tuple[OutboxAction, ...] = ("list", "retry", "void")


@dataclass(frozen=True, slots=True)
class OutboxArgs:
    """What `sspos outbox` was asked, as the command line parsed it."""

    action: OutboxAction = "list"
    entry_id: int | None = None
    reason: str = ""
    show_all: bool = False  # `list --all`: submitted and voided entries too


def outbox_command(args: OutboxArgs, data_dir: Path, lang: str, out: IO[str]) -> int:
    """`sspos outbox [list [--all] | retry ID | void ID --reason TEXT]`; the exit code.

    `list` shows what is waiting or rejected (with the server's messages); `retry` puts a
    rejected entry back in the queue (the POS worker sends it); `void` drops a pending or
    rejected entry, the reason kept in the outbox log. The outbox is `data_dir`'s.
    """
    outbox = Outbox.in_dir(data_dir)
    if args.action == "list":
        _list(outbox, args.show_all, lang, out)
        return 0
    if args.entry_id is None:
        print(t("outbox.cli.need_id", lang, action=args.action), file=out)
        return 2
    try:
        if args.action == "retry":
            entry = outbox.retry(args.entry_id)
            print(t("outbox.cli.retried", lang, id=entry.id, ref=clean_text(entry.client_ref)),
                  file=out)
        else:
            if not args.reason.strip():
                print(t("outbox.error.reason_required", lang), file=out)
                return 2
            entry = outbox.void(args.entry_id, args.reason)
            print(t("outbox.cli.voided", lang, id=entry.id, ref=clean_text(entry.client_ref)),
                  file=out)
    except OutboxError as exc:
        print(error_text(exc, lang), file=out)
        return 1
    return 0


def _list(outbox: Outbox, show_all: bool, lang: str, out: IO[str]) -> None:
    watches = {watch.entry_id: watch for watch in outbox.watches()}
    # Besides what waits: sales whose duplicate the server would not cancel.
    entries = [
        entry for entry in outbox.entries()
        if show_all or entry.state in OPEN_STATES
        or (entry.id in watches and watches[entry.id].refused)
    ]
    counts = outbox.counts()
    print(
        t("outbox.cli.summary", lang, waiting=counts.waiting, rejected=counts.rejected,
          submitted=counts.submitted, unprinted=counts.unprinted),
        file=out,
    )
    cancelled = sum(len(watch.cancelled) for watch in watches.values())
    refused = sum(1 for watch in watches.values() if watch.refused)
    if cancelled or refused:
        print(t("outbox.cli.duplicates", lang, cancelled=cancelled, refused=refused), file=out)
    if not entries:
        print(t("outbox.cli.empty", lang), file=out)
    for entry in entries:
        for line in _entry_lines(entry, watches.get(entry.id), lang):
            print(line, file=out)


def error_text(exc: OutboxError, lang: str = "id") -> str:
    """An OutboxError in the shop's language."""
    params = dict(exc.params)
    if "state" in params:
        params["state"] = t(_STATE_KEYS[params["state"]], lang)
    if "action" in params:
        params["action"] = t(_ACTION_KEYS[params["action"]], lang)
    return t(exc.key, lang, **{k: clean_text(str(v)) for k, v in params.items()})

