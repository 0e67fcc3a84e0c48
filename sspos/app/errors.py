"""Turn any failure into one clear sentence for the cashier (never a traceback).

The words any front end shows for an error: the API's, the outbox's, a refused sync, a
sale the domain refuses. Kept here so the TUI never needs the lower layers' error types.
"""

from __future__ import annotations

import logging

from sspos.api import errors as api
from sspos.domain.errors import DomainError
from sspos.i18n import t
from sspos.outbox.entries import OutboxError
from sspos.store.shifts import ShiftError
from sspos.store.sync_pager import SyncFailed

log = logging.getLogger(__name__)


def describe_error(exc: BaseException, lang: str) -> str:
    """What went wrong and what to do, in the cashier's language."""
    if isinstance(exc, api.Unauthorized):
        return t("tui.err.unauthorized", lang)
    if isinstance(exc, api.RateLimited):
        seconds = int(exc.retry_after) if exc.retry_after else 30
        return t("tui.err.rate_limited", lang, seconds=seconds)
    if isinstance(exc, api.ServerUnavailable):
        return t("tui.err.server", lang, status=exc.status)
    if isinstance(exc, api.NetworkError):
        return t("tui.err.network", lang)
    if isinstance(exc, api.MalformedResponse):  # no field to name: what it was instead
        return t("tui.err.malformed", lang, endpoint=exc.endpoint)
    if isinstance(exc, api.ContractError):
        return t("tui.err.contract", lang, endpoint=exc.endpoint, field=exc.field)
    if isinstance(exc, api.EndpointMissing):
        return t("tui.err.wrong_address", lang, endpoint=exc.endpoint)
    if isinstance(exc, api.ValidationFailed):
        return t("tui.err.validation", lang, message=exc.message)
    if isinstance(exc, api.ApiError):
        return t("tui.err.other", lang, message=exc.message)
    if isinstance(exc, OutboxError | DomainError | ShiftError):
        return t(exc.key, lang, **exc.params)
    if isinstance(exc, SyncFailed):
        return t("tui.sync.failed", lang, message=exc.message(lang))
    log.error("unexpected error", exc_info=exc)
    return t("tui.err.other", lang, message=type(exc).__name__ + (f": {exc}" if str(exc) else ""))
