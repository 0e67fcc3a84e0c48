"""The wire format every route shares: envelopes, pagination, parameters, errors."""

from __future__ import annotations

import json
import math
import uuid
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse

from sspos.i18n import t
from sspos.sandbox.state import Invalid, Page, SandboxState
from sspos.sandbox.validation import FieldErrors, as_date, as_int

MAX_PER_PAGE = 100


class BadRequest(Exception):
    """A request the server cannot read at all (HTTP 400)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class WireJSON(JSONResponse):
    """JSON as the server sends it: UTF-8, not ASCII-escaped."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def request_id() -> str:
    return uuid.uuid4().hex[:13]


def lang_of(request: Request) -> str:
    """`Accept-Language: id|en` (anything else: the sandbox default, English like the doc)."""
    wanted = request.headers.get("accept-language", "").strip().lower()[:2]
    return wanted if wanted in ("id", "en") else state_of(request).config.default_lang


def state_of(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def envelope(
    data: Any,
    message: Any = "Success",
    *,
    response: str = "Success",
    meta: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "request_id": request_id(),
        "response": response,
        "message": message,
        "data": data,
    }
    if meta is not None:
        body["meta"] = meta
    body.update(extra)
    return body


def ok(request: Request, data: Any, message_key: str = "sandbox.success", **extra: Any) -> WireJSON:
    return WireJSON(envelope(data, t(message_key, lang_of(request)), **extra))


def failed(message: Any, status: int, headers: dict[str, str] | None = None) -> WireJSON:
    return WireJSON(envelope(None, message, response="Failed"), status_code=status, headers=headers)


def page_params(request: Request, default_per_page: int = 10) -> tuple[int, int]:
    """`pagination_offset` (1-based page) and `per_page` (max 100), or field errors."""
    errors = FieldErrors(lang_of(request))
    q = request.query_params
    page, per_page = 1, default_per_page
    if q.get("pagination_offset") not in (None, ""):
        page = as_int(q["pagination_offset"]) or 0
        if as_int(q["pagination_offset"]) is None:
            errors.add("pagination_offset", "sandbox.v.integer")
        elif page < 1:
            errors.add("pagination_offset", "sandbox.v.min", min=1)
    if q.get("per_page") not in (None, ""):
        value = as_int(q["per_page"])
        if value is None:
            errors.add("per_page", "sandbox.v.integer")
        elif value < 1:
            errors.add("per_page", "sandbox.v.min", min=1)
        elif value > MAX_PER_PAGE:
            errors.add("per_page", "sandbox.v.max", max=MAX_PER_PAGE)
        else:
            per_page = value
    if errors:
        raise Invalid(errors.errors)
    return page, per_page


def pagination(request: Request, page: Page) -> dict[str, Any]:
    total_pages = max(1, math.ceil(page.total / page.per_page)) if page.per_page else 1
    links: dict[str, str] = {}
    if page.page < total_pages:
        params = dict(request.query_params)
        params["pagination_offset"] = str(page.page + 1)
        links["next"] = f"{str(request.url).split('?')[0]}?{urlencode(params)}"
    if page.page > 1:
        params = dict(request.query_params)
        params["pagination_offset"] = str(page.page - 1)
        links["previous"] = f"{str(request.url).split('?')[0]}?{urlencode(params)}"
    return {
        "pagination": {
            "total": page.total,
            "count": len(page.items),
            "per_page": page.per_page,
            "current_page": page.page,
            "total_pages": total_pages,
            "links": links,
        }
    }


def paginated(
    request: Request, page: Page, message_key: str = "sandbox.success", **extra: Any
) -> WireJSON:
    return WireJSON(
        envelope(
            page.items, t(message_key, lang_of(request)), meta=pagination(request, page), **extra
        )
    )


def query_int(request: Request, name: str, *, minimum: int | None = None) -> int | None:
    """The integer query parameter `name`, None when absent; field errors when not one."""
    errors = FieldErrors(lang_of(request))
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    value = as_int(raw)
    if value is None:
        errors.add(name, "sandbox.v.integer")
    elif minimum is not None and value < minimum:
        errors.add(name, "sandbox.v.min", min=minimum)
    if errors:
        raise Invalid(errors.errors)
    return value


def required_int(request: Request, name: str, *, minimum: int | None = None) -> int:
    """Like `query_int`, and a `required` field error when absent."""
    value = query_int(request, name, minimum=minimum)
    if value is None:
        errors = FieldErrors(lang_of(request))
        errors.add(name, "sandbox.v.required")
        raise Invalid(errors.errors)
    return value


def query_date(request: Request, name: str) -> Any:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    value = as_date(raw)
    if value is None:
        errors = FieldErrors(lang_of(request))
        errors.add(name, "sandbox.v.date_format", format="Y-m-d")
        raise Invalid(errors.errors)
    return value


def query_choice(request: Request, name: str, choices: tuple[str, ...]) -> str | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw.upper() not in choices:
        errors = FieldErrors(lang_of(request))
        errors.add(name, "sandbox.v.in")
        raise Invalid(errors.errors)
    return raw.upper()


async def json_body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("sandbox.bad_json") from None
