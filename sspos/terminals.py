"""Which terminal this session is, and which terminals are running on a data folder.

**Identity.** Every session is one terminal (`K1`, `W2`…) with a cashier's name; the id goes
into every order's reference and on the receipt. It is, first found:
1. `sspos --terminal ID` on the command line;
2. `SSPOS_TERMINAL_ID` in the environment;
3. the `[terminals]` row of this session's login name (`SSPOS_LOGIN`, else `SUDO_USER`,
   else the OS user): per-user SSH accounts, or one shared account whose keys or client
   addresses sshd tells apart by setting `SSPOS_LOGIN`;
4. `terminal_id` in the config file;
5. `T1`.
The cashier is `SSPOS_CASHIER`, else the login's row, else `cashier` in the config file.
`sspos --terminal-pool W` instead takes the first free id of `W1`…`W99` (each browser tab of
`sspos web` does).

**Live sessions.** A running POS holds an OS lock (`flock`) on
`<data_dir>/terminals/<ID>.lock` for its whole life, so a second session with the same id on
the same data folder is refused with who holds it, and a killed process never blocks the
next one (the kernel drops its lock). The lock file also holds who is running there (pid,
since when, login, tty, SSH client address) as JSON, for that message and for
`running_terminals()`.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Self

from sspos.config import ENV_PREFIX, Settings
from sspos.i18n import t
from sspos.locks import FileLock

LOCK_DIR = "terminals"
LOCK_SUFFIX = ".lock"
POOL_SIZE = 99
POOL_PREFIX_MAX = 14  # a pool's ids (`W1`…`W99`) are terminal ids too: 16 characters at most
# A claim that meets a lock retries a little: `running_terminals()` takes each free lock
# for a moment to see that it is free, and must never make a starting session fail.
CLAIM_ATTEMPTS = 5
CLAIM_RETRY_S = 0.01
EXIT_TERMINAL_BUSY = 3


@dataclass(frozen=True, slots=True)
class Identity:
    """Who this session is: the terminal id, the cashier's name, the login it came from."""

    terminal_id: str
    cashier: str
    login: str

    def apply(self, settings: Settings) -> Settings:
        """`settings` with this identity's terminal id and cashier (what the POS reads)."""
        return settings.model_copy(
            update={"terminal_id": self.terminal_id, "cashier": self.cashier}
        )


def login_name(environ: Mapping[str, str] | None = None) -> str:
    """The name this session is known by in `[terminals]`: `SSPOS_LOGIN` (set by sshd's
    `SetEnv` or a key's `command=`), else `SUDO_USER` (per-user logins running the POS as
    one service account), else the OS user; "" when none is known."""
    environ = os.environ if environ is None else environ
    for name in (ENV_PREFIX + "LOGIN", "SUDO_USER"):
        value = environ.get(name, "").strip()
        if value:
            return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a uid with no passwd entry and no $USER
        return ""


def resolve_identity(
    settings: Settings,
    *,
    terminal: str | None = None,
    environ: Mapping[str, str] | None = None,
    login: str | None = None,
) -> Identity:
    """This session's terminal id and cashier, by the precedence in this module's doc.

    `terminal` is the command line's `--terminal`; `settings` were read with `environ`."""
    environ = os.environ if environ is None else environ
    login = login_name(environ) if login is None else login
    entry = settings.terminals.get(login) if login else None
    if terminal:
        terminal_id = terminal
    elif environ.get(ENV_PREFIX + "TERMINAL_ID", "").strip() or entry is None:
        terminal_id = settings.terminal_id  # the environment's, else the file's or `T1`
    else:
        terminal_id = entry.terminal_id
    cashier = settings.cashier
    if entry is not None and entry.cashier and ENV_PREFIX + "CASHIER" not in environ:
        cashier = entry.cashier
    return Identity(terminal_id, cashier, login)


# --- live sessions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """Who holds a terminal: what its lock file says (fields may be empty if unreadable)."""

    terminal_id: str
    pid: int | None = None
    started: str = ""  # ISO 8601, UTC
    login: str = ""
    tty: str = ""
    remote: str = ""  # the SSH client's address

    @classmethod
    def of_this_process(cls, identity: Identity, now: datetime) -> SessionInfo:
        """What this process will be known by while it holds `identity`'s terminal."""
        tty = ""
        with contextlib.suppress(OSError, AttributeError):  # no ttyname on Windows
            tty = os.ttyname(0) if os.isatty(0) else ""
        remote = os.environ.get("SSH_CLIENT", "").split(" ")[0]
        return cls(
            identity.terminal_id, os.getpid(), now.astimezone(UTC).isoformat(timespec="seconds"),
            identity.login, tty, remote,
        )

    def describe(self, lang: str, tz: tzinfo) -> str:
        """"pid 1234, since 2025-03-04 10:11, login ani, tty /dev/pts/3, from 10.0.0.7"."""
        parts = []
        if self.pid is not None:
            parts.append(t("terminal.holder.pid", lang, pid=self.pid))
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(self.started).astimezone(tz)
            parts.append(t("terminal.holder.since", lang, when=f"{when:%Y-%m-%d %H:%M}"))
        for value, key in ((self.login, "terminal.holder.login"),
                           (self.tty, "terminal.holder.tty"),
                           (self.remote, "terminal.holder.remote")):
            if value:
                parts.append(t(key, lang, value=value))
        return ", ".join(parts) or t("terminal.holder.unknown", lang)


class TerminalUnavailable(Exception):
    """No terminal could be held for this session."""

    def message(self, lang: str, tz: tzinfo) -> str:
        """One sentence for the cashier: what is in the way, and what to do."""
        raise NotImplementedError


class TerminalBusy(TerminalUnavailable):
    """The terminal id asked for is open in another live session on this data folder."""

    def __init__(self, holder: SessionInfo) -> None:
        self.holder = holder
        super().__init__(f"terminal {holder.terminal_id} is in use")

    def message(self, lang: str, tz: tzinfo) -> str:
        return t("terminal.busy", lang, terminal=self.holder.terminal_id,
                 holder=self.holder.describe(lang, tz))


class PoolExhausted(TerminalUnavailable):
    """Every id of a terminal pool (`W1`…`W99`) is open in a live session."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        super().__init__(f"every terminal {prefix}1-{prefix}{POOL_SIZE} is in use")

    def message(self, lang: str, tz: tzinfo) -> str:
        return t("terminal.pool_full", lang, first=f"{self.prefix}1",
                 last=f"{self.prefix}{POOL_SIZE}")


def lock_dir(data_dir: Path) -> Path:
    """The folder of the terminal locks of one data folder."""
    return data_dir / LOCK_DIR


def _lock_path(data_dir: Path, terminal_id: str) -> Path:
    # Terminal ids are letters, digits and '-': safe as file names. Case-folded, so `k1`
    # and `K1` (one reference prefix on a case-insensitive file system) are one terminal.
    return lock_dir(data_dir) / f"{terminal_id.upper()}{LOCK_SUFFIX}"


def read_session_info(path: Path) -> SessionInfo:
    """What a lock file says about its holder (empty fields when it cannot be read)."""
    terminal_id = path.name.removesuffix(LOCK_SUFFIX)
    # The holder writes its line right after taking the lock: a reader may meet the file
    # empty for that instant.
    for _ in range(CLAIM_ATTEMPTS):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return SessionInfo(
                str(data.get("terminal_id") or terminal_id),
                int(data["pid"]) if data.get("pid") is not None else None,
                str(data.get("started", "")), str(data.get("login", "")),
                str(data.get("tty", "")), str(data.get("remote", "")),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            time.sleep(CLAIM_RETRY_S)
    return SessionInfo(terminal_id)


class TerminalSession:
    """A live session's hold on its terminal id, until `close()` or the process ends."""

    def __init__(self, identity: Identity, lock: FileLock, info: SessionInfo) -> None:
        self.identity = identity
        self.path = lock.path
        self.info = info
        self._lock = lock

    @property
    def terminal_id(self) -> str:
        return self.identity.terminal_id

    @classmethod
    def claim(
        cls, data_dir: Path, identity: Identity, *, now: datetime | None = None,
        attempts: int = CLAIM_ATTEMPTS,
    ) -> TerminalSession:
        """Hold `identity`'s terminal on `data_dir`; TerminalBusy when a live session has it."""
        path = _lock_path(data_dir, identity.terminal_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(attempts):
            lock = FileLock(path)
            if lock.acquire():
                info = SessionInfo.of_this_process(identity, now or datetime.now(UTC))
                lock.write_text(json.dumps(asdict(info)))
                return cls(identity, lock, info)
            if attempt + 1 < attempts:
                time.sleep(CLAIM_RETRY_S)
        raise TerminalBusy(read_session_info(path))

    @classmethod
    def claim_from_pool(
        cls, data_dir: Path, prefix: str, identity: Identity, *, now: datetime | None = None
    ) -> TerminalSession:
        """Hold the first free terminal of `prefix`1…`prefix`99 (e.g. one per browser tab);
        PoolExhausted when every one is open. `identity` gives the login and cashier."""
        for attempts in (1, CLAIM_ATTEMPTS):  # a quick pass, then one patient with each
            for number in range(1, POOL_SIZE + 1):
                candidate = Identity(f"{prefix}{number}", identity.cashier, identity.login)
                with contextlib.suppress(TerminalBusy):
                    return cls.claim(data_dir, candidate, now=now, attempts=attempts)
        raise PoolExhausted(prefix)

    @classmethod
    def open(
        cls, data_dir: Path, identity: Identity, *, pool: str | None = None
    ) -> TerminalSession:
        """The session's hold: on `identity`'s terminal, or on a free one of `pool`."""
        if pool:
            return cls.claim_from_pool(data_dir, pool, identity)
        return cls.claim(data_dir, identity)

    def close(self) -> None:
        """Give the terminal up (the process ending does the same)."""
        self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def running_terminals(data_dir: Path) -> list[SessionInfo]:
    """The terminals with a live session on `data_dir` (this process's own included),
    sorted by id. A lock nobody holds is a session that ended, however it ended.
    (Windows has no advisory locks: there nothing is guarded, and nothing is listed.)"""
    found = []
    with contextlib.suppress(FileNotFoundError):
        for path in sorted(lock_dir(data_dir).glob(f"*{LOCK_SUFFIX}")):
            probe = FileLock(path)
            if probe.acquire(shared=True):
                probe.release()
            else:
                found.append(read_session_info(path))
    return found

