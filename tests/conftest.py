"""Shared test setup: tests never read the developer's own config or data."""

from __future__ import annotations

import pytest

from sspos.i18n import STRICT_ENV


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("SSPOS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv(STRICT_ENV, "1")  # an unknown message key fails the test
    monkeypatch.setenv("SSPOS_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("SSPOS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TZ", "Asia/Jakarta")
