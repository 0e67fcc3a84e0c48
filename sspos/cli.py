"""The `sspos` command: the POS and its helper commands.

Each subcommand imports what it needs when it runs, so `sspos --help` stays instant.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sspos import __version__
from sspos.config import ConfigError, Settings, default_config_path, load_settings
from sspos.runtime import data_dir_for, is_demo, open_client


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sspos",
        description="Point of sale for SmartSeller shops. Without a token it runs in demo "
        "mode against an embedded sandbox.",
    )
    parser.add_argument("--version", action="version", version=f"sspos {__version__}")
    parser.add_argument(
        "--config", type=Path, help=f"config file to read (default: {default_config_path()})"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("pos", help="run the POS (the default)")
    sub.add_parser("demo", help="run the POS against the embedded sandbox, even with a token")
    sandbox = sub.add_parser("sandbox", help="serve the SmartSeller-compatible sandbox over HTTP")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--products", type=int, default=2000, help="catalog size (products)")
    sandbox.add_argument("--seed", type=int, default=7, help="demo data seed")
    sandbox.add_argument("--token", default=None, help="bearer token to accept (default: demo)")
    sandbox.add_argument(
        "--db", default=":memory:", help="SQLite file for its state (orders survive a restart)"
    )
    sub.add_parser("doctor", help="check the configuration and every API endpoint the POS uses")
    sync = sub.add_parser("sync", help="download the catalog, customers and reference data now")
    sync.add_argument(
        "--accept-shrink", action="store_true",
        help="publish a catalog much smaller than the one in use (the shop really shrank)",
    )
    outbox = sub.add_parser("outbox", help="list or act on sales waiting to be submitted")
    outbox.add_argument("action", nargs="?", default="list", choices=["list", "retry", "void"])
    outbox.add_argument("id", nargs="?", type=int, help="outbox entry id (retry, void)")
    outbox.add_argument("--reason", default="", help="why the sale is voided (kept in the log)")
    sub.add_parser("print-test", help="print a test receipt on the configured printer")
    for name in ("doctor", "sync", "outbox", "print-test"):
        sub.choices[name].add_argument(
            "--demo", action="store_true", help="use the embedded sandbox instead of the API"
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"sspos: {exc}", file=sys.stderr)
        return 2
    from sspos.logs import setup_logging

    setup_logging(settings)
    command = args.command or "pos"
    demo = is_demo(settings, command == "demo" or getattr(args, "demo", False))
    try:
        if command in ("pos", "demo"):
            from sspos.tui.app import run_app

            return run_app(settings, demo=demo)
        if command == "sandbox":
            from sspos.sandbox import DEMO_TOKEN, serve

            return serve(args.host, args.port, args.products, args.seed, args.token or DEMO_TOKEN,
                         db_path=args.db, lang=settings.lang)
        if command == "doctor":
            return asyncio.run(_doctor(settings, demo))
        if command == "sync":
            return asyncio.run(_sync(settings, demo, args.accept_shrink))
        if command == "outbox":
            from sspos.store.submitter import outbox_command

            words = [args.action] + ([str(args.id)] if args.id is not None else [])
            if args.reason:
                words += ["--reason", args.reason]
            return outbox_command(words, settings, data_dir_for(settings, demo), sys.stdout)
        if command == "print-test":
            from sspos.printing.printers import print_test

            result = print_test(settings)
            print(result.message if hasattr(result, "message") else result)
            return 0 if result.ok else 1
    except KeyboardInterrupt:
        return 130
    parser.error(f"unknown command {command}")
    return 2


async def _doctor(settings: Settings, demo: bool) -> int:
    from sspos.doctor import format_report, run_doctor

    where = "demo sandbox" if demo else settings.api_url
    print(f"sspos {__version__} doctor — config OK, API: {where}, data: {settings.data_dir}")
    async with open_client(settings, demo=demo) as client:
        results = await run_doctor(client)
    for line in format_report(results, settings.lang):
        print(line)
    return 0 if all(result.ok for result in results) else 1


async def _sync(settings: Settings, demo: bool, accept_shrink: bool) -> int:
    from sspos.store.sync import run_sync_command

    async with open_client(settings, demo=demo) as client:
        return await run_sync_command(
            client, data_dir_for(settings, demo), out=sys.stdout, lang=settings.lang,
            accept_shrink=accept_shrink, deadline_s=settings.sync_timeout_minutes * 60,
        )
