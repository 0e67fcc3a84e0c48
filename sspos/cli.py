"""The `sspos` command: the POS and its helper commands.

Each subcommand imports what it needs when it runs, so `sspos --help` stays instant. The
command speaks the shop's language from its first word: the language is found before the
settings are read (`SSPOS_LANG`, else `lang` in the config file), so help and a settings
error are in it too.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from sspos import __version__
from sspos.config import (
    ConfigError,
    Settings,
    default_config_path,
    load_settings,
    preferred_lang,
    valid_terminal_id,
)
from sspos.i18n import t
from sspos.runtime import data_dir_for, is_demo, open_client
from sspos.terminals import POOL_PREFIX_MAX, Identity, resolve_identity

log = logging.getLogger(__name__)

DOCTOR_DEADLINE_S = 45.0

# argparse's own error sentences (Python 3.11+) and their message keys.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^unrecognized arguments: (?P<args>.*)$"), "cli.argparse.unrecognized"),
    (re.compile(r"^invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)$"),
     "cli.argparse.invalid_choice"),
    (re.compile(r"^invalid (?P<kind>\w+) value: (?P<value>.*)$"), "cli.argparse.invalid_value"),
    (re.compile(r"^expected one argument$"), "cli.argparse.expected_one"),
    (re.compile(r"^the following arguments are required: (?P<args>.*)$"),
     "cli.argparse.required"),
    (re.compile(r"^not allowed with argument (?P<name>.*)$"), "cli.argparse.not_allowed_with"),
)
_ARGUMENT = re.compile(r"^argument (?P<name>[^:]+): (?P<message>.*)$")


def argparse_message(message: str, lang: str) -> str:
    """One of argparse's English error sentences in `lang` (unknown ones as they are)."""
    argument = _ARGUMENT.match(message)
    if argument:
        inner = argparse_message(argument["message"], lang)
        return t("cli.argparse.argument", lang, name=argument["name"], message=inner)
    for pattern, key in _ARGPARSE_ERRORS:
        found = pattern.match(message)
        if found:
            return t(key, lang, **found.groupdict())
    return message


class _Formatter(argparse.HelpFormatter):
    """Help text with the usage prefix in the shop's language."""

    def __init__(self, prog: str, *, lang: str) -> None:
        super().__init__(prog)
        self.lang = lang

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        if prefix is None:  # "" is argparse building a subcommand's prog: keep it
            prefix = t("cli.usage", self.lang)
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in one language (`lang`)."""

    def __init__(self, *args: Any, lang: str, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", functools.partial(_Formatter, lang=lang))
        kwargs["add_help"] = False  # our own -h, with a translated help line
        super().__init__(*args, **kwargs)
        self.lang = lang
        self._positionals.title = t("cli.positionals", lang)
        self._optionals.title = t("cli.options", lang)
        self.add_argument("-h", "--help", action="help", help=t("cli.help", lang))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = argparse_message(message, self.lang)
        self.exit(2, f"{self.prog}: {t('cli.error', self.lang)}: {text}\n")


def _terminal_id(lang: str, *, pool: bool = False) -> Callable[[str], str]:
    """An argparse type for a terminal id, or for a pool's prefix (room left for `99`)."""

    def check(value: str) -> str:
        if valid_terminal_id(value) and not (pool and len(value) > POOL_PREFIX_MAX):
            return value
        key = "cli.terminal_pool.must" if pool else "config.must.terminal_id"
        raise argparse.ArgumentTypeError(t(key, lang, max=POOL_PREFIX_MAX))

    return check


def build_parser(lang: str = "id") -> Parser:
    """The `sspos` argument parser, every word of it in `lang`."""
    parser = Parser(prog="sspos", description=t("cli.description", lang), lang=lang)
    parser.add_argument("--version", action="version", version=f"sspos {__version__}",
                        help=t("cli.version", lang))
    parser.add_argument("--config", type=Path, metavar=t("cli.metavar.path", lang),
                        help=t("cli.config", lang, path=default_config_path()))
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--terminal", type=_terminal_id(lang), metavar="ID",
                     help=t("cli.terminal", lang))
    who.add_argument("--terminal-pool", type=_terminal_id(lang, pool=True),
                     metavar=t("cli.metavar.prefix", lang), help=t("cli.terminal_pool", lang))
    # argparse builds each subcommand's parser with this class (typeshed wants a type).
    parser_class: Any = functools.partial(Parser, lang=lang)
    sub = parser.add_subparsers(dest="command", metavar=t("cli.metavar.command", lang),
                                parser_class=parser_class)

    def command(name: str, key: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=t(key, lang), description=t(key, lang))

    command("pos", "cli.pos")
    command("demo", "cli.demo")
    sandbox = command("sandbox", "cli.sandbox")
    sandbox.add_argument("--host", default="127.0.0.1", help=t("cli.sandbox.host", lang))
    sandbox.add_argument("--port", type=int, default=8765, help=t("cli.sandbox.port", lang))
    sandbox.add_argument("--products", type=int, default=2000, metavar="N",
                         help=t("cli.sandbox.products", lang))
    sandbox.add_argument("--seed", type=int, default=7, metavar="N",
                         help=t("cli.sandbox.seed", lang))
    sandbox.add_argument("--token", default=None, help=t("cli.sandbox.token", lang))
    sandbox.add_argument("--shop", choices=["demo", "bare"], default="demo",
                         help=t("cli.sandbox.shop", lang))
    sandbox.add_argument("--db", default=":memory:", metavar=t("cli.metavar.path", lang),
                         help=t("cli.sandbox.db", lang))
    doctor = command("doctor", "cli.doctor")
    setup = command("setup", "cli.setup")
    setup.add_argument("--yes", action="store_true", help=t("cli.setup.yes", lang))
    for checking in (doctor, setup):
        checking.add_argument("--deadline", type=float, default=DOCTOR_DEADLINE_S,
                              metavar=t("cli.metavar.seconds", lang),
                              help=t("cli.deadline", lang, seconds=f"{DOCTOR_DEADLINE_S:g}"))
    sync = command("sync", "cli.sync")
    sync.add_argument("--accept-shrink", action="store_true",
                      help=t("cli.sync.accept_shrink", lang))
    outbox = command("outbox", "cli.outbox")
    outbox.add_argument("action", nargs="?", default="list", choices=["list", "retry", "void"],
                        metavar=t("cli.metavar.action", lang), help=t("cli.outbox.action", lang))
    outbox.add_argument("id", nargs="?", type=int, metavar=t("cli.metavar.id", lang),
                        help=t("cli.outbox.id", lang))
    outbox.add_argument("--reason", default="", metavar=t("cli.metavar.text", lang),
                        help=t("cli.outbox.reason", lang))
    outbox.add_argument("--all", action="store_true", dest="show_all",
                        help=t("cli.outbox.all", lang))
    shift = command("shift", "cli.shift")
    shift.add_argument("action", choices=["open", "x", "close", "list", "show"],
                       metavar=t("cli.metavar.action", lang), help=t("cli.shift.action", lang))
    shift.add_argument("id", nargs="?", type=int, metavar=t("cli.metavar.id", lang),
                       help=t("cli.shift.id", lang))
    shift.add_argument("--float", dest="opening_float", metavar=t("cli.metavar.amount", lang),
                       help=t("cli.shift.float", lang))
    shift.add_argument("--counted", metavar=t("cli.metavar.amount", lang),
                       help=t("cli.shift.counted", lang))
    shift.add_argument("--print", action="store_true", dest="print_paper",
                       help=t("cli.shift.print", lang))
    shift.add_argument("--no-check", action="store_true", help=t("cli.shift.no_check", lang))
    cash = command("cash", "cli.cash")
    cash.add_argument("direction", choices=["in", "out"], metavar=t("cli.metavar.action", lang),
                      help=t("cli.cash.direction", lang))
    cash.add_argument("amount", metavar=t("cli.metavar.amount", lang),
                      help=t("cli.cash.amount", lang))
    cash.add_argument("--reason", required=True, metavar=t("cli.metavar.text", lang),
                      help=t("cli.cash.reason", lang))
    cash.add_argument("--yes", action="store_true", help=t("cli.cash.yes", lang))
    price = command("price", "cli.price")
    price.add_argument("query", metavar=t("cli.metavar.query", lang),
                       help=t("cli.price.query", lang))
    parked = command("parked", "cli.parked")
    parked.add_argument("--all", action="store_true", dest="show_all",
                        help=t("cli.parked.all", lang))
    order = command("order", "cli.order")
    order.add_argument("action", choices=["cancel"], metavar=t("cli.metavar.action", lang),
                       help=t("cli.order.action", lang))
    order.add_argument("ref", metavar=t("cli.metavar.ref", lang), help=t("cli.order.ref", lang))
    order.add_argument("--reason", required=True, metavar=t("cli.metavar.text", lang),
                       help=t("cli.order.reason", lang))
    order.add_argument("--print", action="store_true", dest="print_paper",
                       help=t("cli.order.print", lang))
    order.add_argument("--yes", action="store_true", help=t("cli.order.yes", lang))
    command("print-test", "cli.print_test")
    web = command("web", "cli.web")
    web.add_argument("--host", default="127.0.0.1", help=t("cli.web.host", lang))
    web.add_argument("--port", type=int, default=8000, help=t("cli.sandbox.port", lang))
    web.add_argument("--public", action="store_true", help=t("cli.web.public", lang))
    for name in ("doctor", "setup", "sync", "outbox", "shift", "cash", "price", "parked",
                 "order", "print-test", "web"):
        sub.choices[name].add_argument("--demo", action="store_true",
                                       help=t("cli.use_demo", lang))
    return parser


def _config_argument(argv: Sequence[str]) -> Path | None:
    """`--config PATH` as given, read before the parser exists (it picks the language)."""
    for index, word in enumerate(argv):
        if word == "--config" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if word.startswith("--config="):
            return Path(word.split("=", 1)[1])
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = preferred_lang(_config_argument(argv), os.environ)
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"sspos: {exc.message(lang)}", file=sys.stderr)
        return 2
    from sspos.logs import setup_logging

    setup_logging(settings)
    identity = resolve_identity(settings, terminal=args.terminal)
    settings = identity.apply(settings)
    command = args.command or "pos"
    demo = is_demo(settings, command == "demo" or getattr(args, "demo", False))
    try:
        if command in ("pos", "demo"):
            return _pos(settings, identity, demo, args.terminal_pool)
        if command == "web":
            from sspos.web import WebRefused, serve_web

            if args.terminal:
                parser.error(t("cli.web.no_terminal", lang))
            try:
                return serve_web(settings, args.host, args.port, public=args.public, demo=demo,
                                 config_path=args.config, pool=args.terminal_pool or "W")
            except WebRefused as exc:
                parser.error(exc.message(lang))
        if command == "sandbox":
            from sspos.sandbox import DEMO_TOKEN, serve

            return serve(args.host, args.port, args.products, args.seed,
                         args.token or DEMO_TOKEN, lang=settings.lang, shop=args.shop,
                         db_path=args.db)
        if command == "doctor":
            return asyncio.run(_doctor(settings, demo, args.deadline, args.config))
        if command == "setup":
            from sspos.shop_setup import run_setup

            return asyncio.run(run_setup(settings, demo, assume_yes=args.yes,
                                         deadline=args.deadline, config_path=args.config))
        if command == "sync":
            return asyncio.run(_sync(settings, demo, args.accept_shrink))
        if command == "outbox":
            from sspos.outbox.command import OutboxArgs, outbox_command

            asked = OutboxArgs(args.action, args.id, args.reason, args.show_all)
            return outbox_command(asked, data_dir_for(settings, demo), settings.lang, sys.stdout)
        if command in ("shift", "cash"):
            from sspos.shift_command import DrawerArgs, drawer_command

            if command == "shift":
                amount = args.opening_float if args.action == "open" else args.counted
                drawer = DrawerArgs(args.action, args.id, amount, print_paper=args.print_paper,
                                   check_server=not args.no_check)
            else:
                drawer = DrawerArgs(args.direction, amount=args.amount, reason=args.reason,
                                   over_drawer_ok=args.yes)
            return drawer_command(drawer, settings, data_dir_for(settings, demo), demo,
                                  sys.stdout, sys.stderr)
        if command in ("price", "order"):
            from sspos.counter_command import EXIT_NOT_CONFIRMED, CounterCommand, counter_command

            if command == "order" and not args.yes and not sys.stdin.isatty():
                print(f"sspos: {t('counter.cli.cancel_needs_yes', lang)}", file=sys.stderr)
                return EXIT_NOT_CONFIRMED

            async def run(counter: CounterCommand) -> int:
                if command == "price":
                    return await counter.price(args.query)
                return await counter.cancel_order(args.ref, args.reason,
                                                  print_paper=args.print_paper,
                                                  ask=None if args.yes else input)

            return counter_command(run, settings, data_dir_for(settings, demo), demo,
                                   sys.stdout, sys.stderr)
        if command == "parked":
            from sspos.counter_command import parked_command

            return parked_command(settings, data_dir_for(settings, demo), args.show_all,
                                  sys.stdout)
        if command == "print-test":
            from sspos.printing.printers import print_test

            result = print_test(settings)
            print(result.message)
            return 0 if result.ok else 1
    except KeyboardInterrupt:
        return 130
    parser.error(t("cli.unknown_command", lang, name=command))


def _pos(settings: Settings, identity: Identity, demo: bool, pool: str | None) -> int:
    """The POS, holding its terminal on the data folder for as long as it runs."""
    from sspos.terminals import EXIT_TERMINAL_BUSY, TerminalSession, TerminalUnavailable

    try:
        session = TerminalSession.open(data_dir_for(settings, demo), identity, pool=pool)
    except TerminalUnavailable as exc:
        print(f"sspos: {exc.message(settings.lang, settings.tz)}", file=sys.stderr)
        return EXIT_TERMINAL_BUSY
    from sspos.tui.app import run_app

    with session:
        log.info("terminal %s, login %r, cashier %r", session.terminal_id,
                 identity.login, identity.cashier)
        return run_app(session.identity.apply(settings), demo=demo)


async def _doctor(
    settings: Settings, demo: bool, deadline: float, config_path: Path | None
) -> int:
    from sspos.doctor import diagnose, format_report, header

    print(header(settings, demo), flush=True)
    results = await diagnose(settings, demo=demo, deadline=deadline, config_path=config_path)
    for line in format_report(results, settings.lang):
        print(line)
    return 0 if all(result.ok for result in results) else 1


async def _sync(settings: Settings, demo: bool, accept_shrink: bool) -> int:
    from sspos.sync_command import run_sync_command

    async with open_client(settings, demo=demo) as client:
        return await run_sync_command(
            client, data_dir_for(settings, demo), out=sys.stdout, lang=settings.lang,
            accept_shrink=accept_shrink, deadline_s=settings.sync_timeout_minutes * 60,
        )
