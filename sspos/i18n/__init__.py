"""Translations: Bahasa Indonesia (default) and English.

Each area keeps its own message table in a module `sspos/i18n/messages_<area>.py` holding
`MESSAGES = {"key": {"id": "…", "en": "…"}}`, listed in `TABLES` below, so separate parts of
the code add messages without touching one shared file. Params use str.format.

Keys are literal strings where they are used (`t("tui.pay.paid", lang)`), never built at
run time: a small literal table maps a value to its key where one is needed.
`tests/test_i18n.py` reads the code and fails on a key missing in a language, on texts
whose `{params}` differ between languages, on a key built from pieces, and on a key no
code uses.
"""

from __future__ import annotations

import os
from functools import cache
from types import ModuleType
from typing import Any, Literal

from sspos.i18n import (
    messages_api,
    messages_cli,
    messages_core,
    messages_counter,
    messages_doctor,
    messages_domain,
    messages_first_sale,
    messages_outbox,
    messages_print,
    messages_sandbox,
    messages_shift,
    messages_store,
    messages_terminals,
    messages_tui,
)

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")

#: Every message table, one module per area.
TABLES: tuple[ModuleType, ...] = (
    messages_api,
    messages_cli,
    messages_core,
    messages_counter,
    messages_doctor,
    messages_domain,
    messages_first_sale,
    messages_outbox,
    messages_print,
    messages_sandbox,
    messages_shift,
    messages_store,
    messages_terminals,
    messages_tui,
)

#: Set (to anything) by the test suite: an unknown key raises instead of showing itself.
STRICT_ENV = "SSPOS_STRICT_I18N"


@cache
def messages() -> dict[str, dict[str, str]]:
    """Every message of every table, by key (a key defined in two tables is an error)."""
    merged: dict[str, dict[str, str]] = {}
    for module in TABLES:
        table: dict[str, dict[str, str]] = module.MESSAGES
        duplicated = merged.keys() & table.keys()
        if duplicated:
            raise RuntimeError(f"message keys defined twice: {sorted(duplicated)}")
        merged.update(table)
    return merged


def t(key: str, lang: str = "id", /, **params: Any) -> str:
    """The message `key` in `lang`, formatted with params.

    An unknown key shows as itself (a missing text never stops a sale), except under the
    test suite (`STRICT_ENV`), where it raises KeyError."""
    entry = messages().get(key)
    if entry is None:
        if os.environ.get(STRICT_ENV):
            raise KeyError(f"unknown message key {key!r}")
        return key
    text = entry.get(lang) or entry["id"]
    return text.format(**params) if params else text
