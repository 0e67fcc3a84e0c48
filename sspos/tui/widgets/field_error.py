"""A message under a form field; takes no space while it has nothing to say."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static


class FieldError(Static):
    """Shown only when it holds text (so an 80×24 form keeps its rows for fields)."""

    DEFAULT_CSS = """
    FieldError { color: $error; height: auto; display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="field-error")

    def update(self, content: Any = "", **kwargs: Any) -> None:
        super().update(content, **kwargs)
        text = content.plain if isinstance(content, Text) else str(content)
        self.display = bool(text.strip())
