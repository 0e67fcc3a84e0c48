"""Find the shipped `styles/` and `assets/` folders, installed or from a checkout.

The wheel carries them inside the package (`sspos/styles`, `sspos/assets`, via hatch
force-include); an editable install or a checkout has them at the repository's top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sspos resource folder {name!r} is missing from this install")


def styles_dir() -> Path:
    return _resource_dir("styles")


def assets_dir() -> Path:
    return _resource_dir("assets")
