"""Failures of the SmartSeller API, as a small hierarchy the UI can show.

Messages never contain the API token (the client never puts it anywhere but the
Authorization header).
"""

from __future__ import annotations

from typing import Literal


class ApiError(Exception):
    """Base of every API failure: which endpoint, and a human message."""

    def __init__(self, endpoint: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{endpoint}: {message}")
        self.endpoint = endpoint
        self.message = message
        self.status = status


class ValidationFailed(ApiError):
    """The server rejected the request: `{"response":"Failed","message":{field:[…]}}`."""

    def __init__(
        self,
        endpoint: str,
        field_errors: dict[str, list[str]],
        *,
        status: int | None = None,
        message: str | None = None,
    ) -> None:
        self.field_errors = field_errors
        if message is None:
            parts = [f"{field}: {'; '.join(msgs)}" for field, msgs in field_errors.items()]
            message = " | ".join(parts) if parts else "request rejected"
        super().__init__(endpoint, message, status=status)


class Unauthorized(ApiError):
    """401/403: the token is missing, wrong or expired."""


class NotFound(ApiError):
    """404: the path or the resource does not exist."""



class EndpointMissing(NotFound):
    """404 from an endpoint every SmartSeller server has (`paths.ALWAYS_THERE`): the
    address is wrong (`SSPOS_API_URL`), or it is not a SmartSeller server."""


class RateLimited(ApiError):
    """429: slow down; `retry_after` seconds when the server said so."""

    def __init__(
        self, endpoint: str, message: str, *, retry_after: float | None = None, status: int = 429
    ) -> None:
        super().__init__(endpoint, message, status=status)
        self.retry_after = retry_after


class ServerUnavailable(ApiError):
    """5xx (503 = maintenance)."""

    def __init__(self, endpoint: str, message: str, *, status: int) -> None:
        super().__init__(endpoint, message, status=status)


class NetworkError(ApiError):
    """The request failed in transit (connect error, timeout, broken connection).

    `certainly_not_sent` is True only when the request provably never reached the server
    (the connection could not be opened); after a read timeout the server may have acted.
    `timed_out`: no answer came in time (else the connection broke).
    """

    def __init__(
        self, endpoint: str, message: str, *, certainly_not_sent: bool, timed_out: bool = False
    ) -> None:
        super().__init__(endpoint, message)
        self.certainly_not_sent = certainly_not_sent
        self.timed_out = timed_out


class ContractError(ApiError):
    """The response did not match the contract (models): names the endpoint and field."""

    def __init__(
        self, endpoint: str, field: str, message: str, *, status: int | None = None
    ) -> None:
        super().__init__(endpoint, f"{field}: {message}" if field else message, status=status)
        self.field = field


class MalformedResponse(ContractError):
    """A 2xx answer that is not API data at all: an HTML page (a login portal, a proxy),
    truncated JSON, or JSON without the `data` envelope. Never read as "no items"."""


class RequestInvalid(ValidationFailed):
    """The request broke the doc's rules and was NOT sent (`status` is None)."""


def describe(error: ApiError, lang: str = "id", *, base_url: str = "") -> str:
    """One line for the cashier/shop owner saying what went wrong and what to check."""
    from sspos.i18n import t  # late: keeps this module importable without the catalog

    if isinstance(error, Unauthorized):
        return t("api.error.unauthorized", lang, status=error.status or 401)
    if isinstance(error, RateLimited):
        return t("api.error.rate_limited", lang)
    if isinstance(error, ServerUnavailable):
        return t("api.error.server_unavailable", lang, status=error.status)
    if isinstance(error, NetworkError):
        url = base_url or "SmartSeller"
        if error.certainly_not_sent:
            return t("api.error.unreachable", lang, url=url)
        if error.timed_out:
            return t("api.error.timeout", lang, url=url)
        return t("api.error.dropped", lang, url=url)
    if isinstance(error, MalformedResponse):
        return t("api.error.malformed", lang, endpoint=error.endpoint, detail=error.message)
    if isinstance(error, ContractError):
        detail = error.message.removeprefix(f"{error.field}: ") if error.field else error.message
        return t("api.error.contract", lang, field=error.field or "-", detail=detail)
    if isinstance(error, EndpointMissing):
        return t("api.error.not_found", lang, endpoint=error.endpoint)
    if isinstance(error, NotFound):  # a record gone, or a path only some servers have
        return t("api.error.record_not_found", lang, endpoint=error.endpoint)
    if isinstance(error, RequestInvalid):
        return t("api.error.invalid_request", lang, detail=error.message)
    if isinstance(error, ValidationFailed):
        return t("api.error.rejected", lang, detail=error.message)
    return t("api.error.other", lang, detail=error.message)


#: What the status bar says about the server, from the last outcome of a request.
ConnectionState = Literal["online", "offline", "unauthorized", "failing"]


def connection_state(error: BaseException | None) -> ConnectionState:
    """How the server looks after `error` (None: a request succeeded).

    offline: the server cannot be reached (the connection never opened); unauthorized:
    it refuses the token; failing: it is reached but does not serve — 5xx, an answer
    that never came (timeout, dropped connection), junk instead of data, or a 404 for an
    endpoint every SmartSeller server has (a wrong address). Anything else (a 429, a
    validation error, a record not found) is an answer from a working server: online.
    """
    if error is None:
        return "online"
    if isinstance(error, NetworkError):
        return "offline" if error.certainly_not_sent else "failing"
    if isinstance(error, Unauthorized):
        return "unauthorized"
    if isinstance(error, ServerUnavailable | ContractError):
        return "failing"
    if isinstance(error, EndpointMissing):
        return "failing"
    return "online"
