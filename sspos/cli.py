"""The `sspos` command: the POS and its helper commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sspos import __version__
from sspos.config import ConfigError, Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sspos", description="Point of sale for SmartSeller shops (demo mode without a token)."
    )
    parser.add_argument("--version", action="version", version=f"sspos {__version__}")
    parser.add_argument("--config", type=Path, help="config.toml to read instead of the default")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("pos", help="run the POS (the default)")
    sub.add_parser("demo", help="run the POS against the embedded sandbox, even with a token")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"sspos: {exc}", file=sys.stderr)
        return 2
    return run_pos(settings, demo=args.command == "demo")


def run_pos(settings: Settings, demo: bool) -> int:
    mode = "demo (embedded sandbox)" if demo or settings.demo_mode else settings.api_url
    print(f"sspos {__version__}: the POS would start here against {mode}.")
    return 0
