"""Shared building blocks: lenient wire types, the base model, pagination.

Lenient in what we accept (the real API sends numbers and ids as strings, `null` for
lists, keys that come and go), strict in what we send (request models forbid extras).
Every text field (`Str`, `OptStr`) is cleaned of terminal escape sequences and control
characters on the way in: this is the boundary where server text becomes ours.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from sspos.domain.text import clean_text

_MONEY_JUNK = re.compile(r"[Rr][Pp]\.?|\s")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: str) -> str:
    if not _ISO_DATE.fullmatch(value):
        raise ValueError("must be yyyy-mm-dd")
    return value


#: A date sent as the API wants it: `yyyy-mm-dd`.
IsoDate = Annotated[str, AfterValidator(_iso_date)]


def _to_int(value: Any) -> Any:
    """Accept 12, "12", " 1", 12.0, "12.0", "Rp100.000" (Indonesian thousands dots)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lower().startswith("rp"):
            text = _MONEY_JUNK.sub("", text).replace(".", "").replace(",", ".")
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d+\.0*", text):
            return int(text.split(".")[0])
        return text  # let pydantic report it
    return value


def _to_opt_int(value: Any) -> Any:
    if isinstance(value, str) and value.strip() == "":
        return None
    return _to_int(value)


def _to_float(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return None if text == "" else text
    return value


def _to_str(value: Any) -> Any:
    """Numbers as text; text cleaned of escape sequences and control characters (server
    text is shown on terminals and receipts: see `sspos.domain.text`)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


def _to_bool(value: Any) -> Any:
    """Accept true/false, 1/0, "1"/"0", "Y"/"N", "true"/"false", "ACTIVE"."""
    if isinstance(value, str):
        text = value.strip().upper()
        if text in {"1", "Y", "YES", "TRUE", "ACTIVE", "T"}:
            return True
        if text in {"0", "N", "NO", "FALSE", "NON ACTIVE", "NON_ACTIVE", "F", ""}:
            return False
    return value


def _to_list(value: Any) -> Any:
    """`null` where a list is expected means an empty list; a dict of items is its values."""
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.values())
    return value


def _product_status(value: Any) -> Any:
    """Preorder is `P0` (zero) in product endpoints and `PO` in orders: normalise to PO."""
    if isinstance(value, str) and value.strip().upper() == "P0":
        return "PO"
    return value.strip() if isinstance(value, str) else value


Int = Annotated[int, BeforeValidator(_to_int)]
OptInt = Annotated[int | None, BeforeValidator(_to_opt_int)]
Float = Annotated[float, BeforeValidator(_to_float)]
OptFloat = Annotated[float | None, BeforeValidator(_to_float)]
Str = Annotated[str, BeforeValidator(_to_str)]
OptStr = Annotated[str | None, BeforeValidator(_to_str)]
Flag = Annotated[bool, BeforeValidator(_to_bool)]
OptFlag = Annotated[bool | None, BeforeValidator(_to_bool)]
ProductStatusStr = Annotated[str, BeforeValidator(_product_status)]

T = TypeVar("T")


#: `list[T]` that also accepts `null` (empty) and a dict of items: `LenientList[Variation]`.
LenientList = Annotated[list[T], BeforeValidator(_to_list)]


class WireModel(BaseModel):
    """Base of every response model: extra keys ignored, fields by name or wire alias."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=False)


class RequestModel(BaseModel):
    """Base of every request model: unknown fields are an error, output is exact."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)

    def to_wire(self) -> dict[str, Any]:
        """The JSON body, using wire names and leaving out optional fields not set."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class Pagination(WireModel):
    """`meta.pagination` of a paginated list; `next` is the next page's URL or None."""

    total: Int = 0
    count: Int = 0
    per_page: Int = 0
    current_page: Int = 1
    total_pages: Int = 1
    links: Any = None

    @property
    def next(self) -> str | None:
        links = self.links
        if isinstance(links, dict):
            value = links.get("next")
            return str(value) if value else None
        return None

    @property
    def has_next(self) -> bool:
        """True when another page follows: by the page counters when the server sent
        them, else by `links.next`."""
        if "total_pages" in self.model_fields_set:
            return self.current_page < self.total_pages
        return self.next is not None


class Page(WireModel, Generic[T]):
    """One page of a paginated list: `.items` and `.pagination`."""

    items: list[T] = Field(default_factory=list)
    pagination: Pagination = Field(default_factory=Pagination)
