"""Validation of request bodies the way SmartSeller answers: `{"<field.path>": ["…"]}`.

Messages follow the Laravel wording of the doc's examples; the attribute shown in a
message is the field path with underscores as spaces (`payment.cost of goods sales`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sspos.i18n import t

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def attribute(path: str) -> str:
    """How a field path is named inside a message."""
    return path.replace("_", " ")


class FieldErrors:
    """Collects messages per field path, in the order they were found."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.errors: dict[str, list[Any]] = {}

    def add(self, path: str, key: str, **params: Any) -> None:
        """Record the message `key` (a `sandbox.v.*` rule) for the field at `path`."""
        message = t(key, self.lang, attribute=attribute(path), **params)
        self.errors.setdefault(path, []).append(message)

    def add_raw(self, path: str, value: Any) -> None:
        self.errors.setdefault(path, []).append(value)

    def has(self, path: str) -> bool:
        return path in self.errors

    def __bool__(self) -> bool:
        return bool(self.errors)


def as_int(value: Any) -> int | None:
    """An integer from JSON, accepting numeric strings the way the real server does."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def as_bool(value: Any) -> bool | None:
    """A boolean the Laravel way: true/false, 1/0, "1"/"0", "true"/"false"."""
    if isinstance(value, bool):
        return value
    if value in (0, 1, "0", "1"):
        return bool(int(value))
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_date(value: Any) -> date | None:
    """A `yyyy-mm-dd` date, or None."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def missing(value: Any) -> bool:
    """Laravel's notion of an absent value: missing key, null, empty string or list."""
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or value == []
        or value == {}
    )


def require_int(
    errors: FieldErrors,
    body: dict[str, Any],
    key: str,
    path: str | None = None,
    *,
    minimum: int | None = None,
    required: bool = True,
) -> int | None:
    """Read an integer field, recording `required` / `integer` / `min` errors under `path`."""
    path = path or key
    value = body.get(key)
    if missing(value):
        if required:
            errors.add(path, "sandbox.v.required")
        return None
    number = as_int(value)
    if number is None:
        errors.add(path, "sandbox.v.integer")
        return None
    if minimum is not None and number < minimum:
        errors.add(path, "sandbox.v.min", min=minimum)
        return None
    return number
