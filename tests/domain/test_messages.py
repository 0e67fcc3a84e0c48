"""Every message key the domain raises or explains has an Indonesian and an English text."""

from __future__ import annotations

import re
import string
from pathlib import Path

import sspos.domain
from sspos.i18n import LANGS, t
from sspos.i18n.messages_domain import MESSAGES

DOMAIN_DIR = Path(sspos.domain.__file__).parent
KEY = re.compile(r"""["'](domain\.[a-z_]+\.[a-z_]+)["']""")


def used_keys() -> set[str]:
    return {k for f in DOMAIN_DIR.glob("*.py") for k in KEY.findall(f.read_text(encoding="utf-8"))}


def test_every_used_key_is_translated_and_every_translation_is_used() -> None:
    used = used_keys()
    assert len(used) > 20
    assert used == set(MESSAGES)


def test_both_languages_use_the_same_params() -> None:
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}
    for key, entry in MESSAGES.items():
        assert key.startswith("domain.")
        assert set(entry) == set(LANGS), key
        assert fields(entry["id"]) == fields(entry["en"]), key
        assert t(key, "en") != key
