"""Domain validation errors carry a message key (translated by `sspos.i18n`) and a field."""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    """A rule of the sale is broken: `key` names the message, `field` what to fix."""

    def __init__(self, key: str, field: str | None = None, **params: Any) -> None:
        self.key = key
        self.field = field
        self.params = params
        super().__init__(f"{key} ({field})" if field else key)
