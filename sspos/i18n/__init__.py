"""Translations: Bahasa Indonesia (default) and English.

Each area keeps its own message table in a module `sspos/i18n/messages_<area>.py` holding
`MESSAGES = {"key": {"id": "…", "en": "…"}}`; they are merged here, so separate parts of
the code can add messages without touching one shared file. Params use str.format.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any, Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")


@cache
def _catalog() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("messages_"):
            table = importlib.import_module(f"{__name__}.{module.name}").MESSAGES
            duplicated = merged.keys() & table.keys()
            if duplicated:
                raise RuntimeError(f"message keys defined twice: {sorted(duplicated)}")
            merged.update(table)
    return merged


def t(key: str, lang: str = "id", /, **params: Any) -> str:
    """The message `key` in `lang`, formatted with params; an unknown key shows as itself."""
    entry = _catalog().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["id"]
    return text.format(**params) if params else text
