"""Fault injection: what a struggling or hostile server does to the POS.

Latency, 5xx answers, silent connections (`timeout_rate` 1 with a long `hang_seconds`:
the server accepts and never answers), dropped connections, a server that is down, one
that works for a long time before committing an order, junk instead of data (an HTML
page with status 200, truncated JSON, nulls for every number), pagination that repeats
page 1 under a huge page count, and names carrying terminal escape sequences.

Choices are drawn from a seeded RNG in a fixed order per request, so the same sequence of
requests meets the same faults on every run (the junk draw is only made while a junk
rate is set, so older sequences stay as they were). Faults never touch `/_admin/...`.

How a fault reaches the client depends on the transport:
- over a real socket (uvicorn), a dropped answer closes the TCP connection without a
  response and `down` resets it (RST) before anything is read;
- served by `serve_in_thread`, `down` also closes the API's listening socket, so new
  connections are refused outright (`ConnectError`), as with a server that is off; the
  admin routes stay reachable on their own port (`app.state.admin_url`);
- in-process (`httpx.ASGITransport`) there is no socket, so the app raises the httpx
  transport error the client would see: `RemoteProtocolError` for a drop, `ConnectError`
  for down, `ReadTimeout` after the hang for a timeout, and `ReadTimeout` at once for a
  slow commit (which then lands `slow_commit_s` later, on `sleep`'s clock).
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import struct
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any

Sleep = Callable[[float], Awaitable[None]]

# Fields the admin endpoint may set, with their types.
SETTABLE: dict[str, type] = {
    "latency_ms": int,
    "error_rate": float,
    "timeout_rate": float,
    "drop_after_commit_rate": float,
    "down": bool,
    "down_for_s": float,
    "hang_seconds": float,
    "rate_limit": int,
    "rate_window_s": float,
    "slow_commit_s": float,
    "html_rate": float,
    "truncate_rate": float,
    "null_numbers_rate": float,
    "repeat_pages": bool,
    "escape_names": bool,
}
JUNK_RATES = ("html_rate", "truncate_rate", "null_numbers_rate")
#: The page count claimed by `repeat_pages` (with a total to match: the counters agree).
REPEATED_TOTAL_PAGES = 1_000_000
#: What `escape_names` wraps every name in: retitle the window, save the cursor, jump to
#: the top row, clear it, paint — and restore, so only a careless terminal shows it.
HOSTILE_PREFIX = "\x1b]0;PWNED-TITLE\x07\x1b[s\x1b[1;1H\x1b[2K\x1b[41m"
HOSTILE_SUFFIX = "\x1b[0m\x1b[u"


class FaultValueError(ValueError):
    """A fault setting that makes no sense (a rate outside 0..1, a negative latency)."""


@dataclass
class Faults:
    """The mutable fault settings of one sandbox instance.

    - latency_ms: added before every answer.
    - error_rate: share of requests answered with a 5xx in the doc's error shape.
    - timeout_rate: share of requests that hang for `hang_seconds` and never answer.
    - drop_after_commit_rate: share of POST `order` that are stored, then never answered.
    - down: every request fails at the connection level.
    - down_for_s: when > 0, a server socket that goes down comes back by itself after
      this many seconds (the admin endpoint cannot be reached while the port is closed).
    - rate_limit: requests allowed per `rate_window_s` (0 = unlimited); then 429 + Retry-After.
    - slow_commit_s: POST order reads the body, works this long, then commits (and answers
      whoever still waits): a client that gave up earlier never hears of its order.
    - html_rate, truncate_rate, null_numbers_rate: shares of GET answers replaced by an
      HTML page (status 200), cut in half, or with every number turned to null.
    - repeat_pages: list endpoints serve page 1 whatever page is asked, claiming
      REPEATED_TOTAL_PAGES pages (and a total that agrees).
    - escape_names: every `…name` text of an answer is wrapped in terminal escape
      sequences (HOSTILE_PREFIX … HOSTILE_SUFFIX).
    - seed: seeds the RNG; `reseed()` restarts the sequence.
    - sleep: how to wait (tests pass a fake).
    """

    latency_ms: int = 0
    error_rate: float = 0.0
    timeout_rate: float = 0.0
    drop_after_commit_rate: float = 0.0
    down: bool = False
    down_for_s: float = 0.0
    hang_seconds: float = 30.0
    rate_limit: int = 0
    rate_window_s: float = 1.0
    slow_commit_s: float = 0.0
    html_rate: float = 0.0
    truncate_rate: float = 0.0
    null_numbers_rate: float = 0.0
    repeat_pages: bool = False
    escape_names: bool = False
    seed: int = 0
    sleep: Sleep = field(default=asyncio.sleep, repr=False, compare=False)
    _rng: random.Random = field(init=False, repr=False, compare=False)
    _lock: threading.Lock = field(
        init=False, repr=False, compare=False, default_factory=threading.Lock
    )
    # Called with the new value whenever `down` is set (the socket server stops listening).
    down_hooks: list[Callable[[bool], None]] = field(
        init=False, repr=False, compare=False, default_factory=list
    )

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name == "down":
            for hook in list(getattr(self, "down_hooks", ())):
                hook(bool(value))

    def __post_init__(self) -> None:
        self.validate()
        self._rng = random.Random(self.seed)

    def validate(self) -> None:
        """Raise FaultValueError for settings outside their range."""
        for name in ("error_rate", "timeout_rate", "drop_after_commit_rate", *JUNK_RATES):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise FaultValueError(f"{name} must be between 0 and 1, not {value}")
        if sum(getattr(self, name) for name in JUNK_RATES) > 1.0:
            raise FaultValueError(f"{' + '.join(JUNK_RATES)} must not exceed 1")
        for name in ("latency_ms", "hang_seconds", "rate_limit", "down_for_s", "slow_commit_s"):
            if getattr(self, name) < 0:
                raise FaultValueError(f"{name} must not be negative")
        if self.rate_window_s <= 0:
            raise FaultValueError("rate_window_s must be positive")

    def reseed(self, seed: int | None = None) -> None:
        """Restart the fault sequence (optionally with a new seed)."""
        if seed is not None:
            self.seed = seed
        with self._lock:
            self._rng = random.Random(self.seed)

    def draw(self) -> float:
        """The next number in [0, 1) of this instance's fault sequence."""
        with self._lock:
            return self._rng.random()

    def draw_junk(self) -> str | None:
        """Which junk replaces this GET answer ("html", "truncate", "nulls"), or None.

        Draws only while a junk rate is set, so sequences without junk are unchanged."""
        if not any(getattr(self, name) for name in JUNK_RATES):
            return None
        draw = self.draw()
        for name, kind in zip(JUNK_RATES, ("html", "truncate", "nulls"), strict=True):
            rate = getattr(self, name)
            if draw < rate:
                return kind
            draw -= rate
        return None

    def update(self, values: dict[str, Any]) -> None:
        """Set fields from a JSON object (admin endpoint); all-or-nothing."""
        unknown = set(values) - set(SETTABLE) - {"seed"}
        if unknown:
            raise FaultValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        converted: dict[str, Any] = {}
        for name, value in values.items():
            kind = int if name == "seed" else SETTABLE[name]
            if kind is bool:
                if not isinstance(value, bool):
                    raise FaultValueError(f"{name} must be true or false")
                converted[name] = value
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise FaultValueError(f"{name} must be a number")
            if kind is int and value != int(value):
                raise FaultValueError(f"{name} must be a whole number")
            converted[name] = kind(value)
        old = {name: getattr(self, name) for name in converted}
        for name, value in converted.items():
            setattr(self, name, value)
        try:
            self.validate()
        except FaultValueError:
            for name, value in old.items():
                setattr(self, name, value)
            raise
        if "seed" in converted:
            self.reseed()

    def as_dict(self) -> dict[str, Any]:
        """The settings as JSON-friendly values."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name in SETTABLE or f.name == "seed"
        }

    def clear(self) -> None:
        """Back to a healthy server (keeps the seed and the sleep function)."""
        self.latency_ms = 0
        self.error_rate = self.timeout_rate = self.drop_after_commit_rate = 0.0
        self.slow_commit_s = self.html_rate = self.truncate_rate = self.null_numbers_rate = 0.0
        self.repeat_pages = self.escape_names = False
        self.down = False
        self.rate_limit = 0


class RateLimiter:
    """A fixed-window counter over an injectable monotonic clock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._window_start = clock()
        self._count = 0
        self._lock = threading.Lock()

    def check(self, limit: int, window: float) -> float | None:
        """None when the request may pass; otherwise the seconds until the next window."""
        if limit <= 0:
            return None
        with self._lock:
            now = self._clock()
            if now - self._window_start >= window:
                self._window_start = now
                self._count = 0
            if self._count >= limit:
                return max(0.0, window - (now - self._window_start))
            self._count += 1
            return None


def raw_transport(send: Callable[..., Any]) -> asyncio.Transport | None:
    """The TCP transport behind uvicorn's `send`, or None in-process (ASGITransport).

    uvicorn passes the bound `send` of its request cycle, which carries the transport.
    """
    owner = getattr(send, "__self__", None)
    transport = getattr(owner, "transport", None)
    return transport if isinstance(transport, asyncio.Transport) else None


async def drop_connection(send: Callable[..., Any], *, reset: bool) -> bool:
    """Close the client's connection without a response; False when there is no socket."""
    transport = raw_transport(send)
    if transport is None:
        return False
    sock = transport.get_extra_info("socket")
    if reset and sock is not None:
        try:  # SO_LINGER 0: close sends RST, the closest to "connection refused" we can do
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    if isinstance(transport, asyncio.Transport):
        transport.abort()
    else:
        transport.close()
    # Let uvicorn see connection_lost, so it does not try to send a 500 of its own.
    for _ in range(3):
        await asyncio.sleep(0)
    return True


# --- junk and hostile answers (pure: bytes in, bytes out) ---------------------------------

JUNK_HTML = (
    b"<!DOCTYPE html><html><head><title>Login</title></head>"
    b"<body><h1>Please sign in to continue</h1></body></html>"
)


def _nulls_for_numbers(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return None
    if isinstance(value, dict):
        return {key: _nulls_for_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_nulls_for_numbers(item) for item in value]
    return value


def junk_body(kind: str, body: bytes) -> tuple[bytes, bytes]:
    """(body, content type) of an answer replaced by junk of `kind`."""
    if kind == "html":
        return JUNK_HTML, b"text/html; charset=utf-8"
    if kind == "truncate":
        return body[: len(body) // 2], b"application/json"
    data = _nulls_for_numbers(json.loads(body))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), b"application/json"


def _escaped_names(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: f"{HOSTILE_PREFIX}{item}{HOSTILE_SUFFIX}"
            if isinstance(item, str) and key.endswith("name") and item
            else _escaped_names(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_escaped_names(item) for item in value]
    return value


def rewrite_answer(body: bytes, *, escape_names: bool, repeated_page: int | None) -> bytes:
    """A JSON answer with hostile names and/or repeating pagination (`repeated_page`: the
    page the client asked for, while page 1 was served)."""
    data = json.loads(body)
    if escape_names:
        data = _escaped_names(data)
    pagination = (data.get("meta") or {}).get("pagination") if isinstance(data, dict) else None
    if repeated_page is not None and isinstance(pagination, dict):
        per_page = int(pagination.get("per_page") or 1)
        pagination.update(
            current_page=repeated_page,
            total_pages=REPEATED_TOTAL_PAGES,
            total=REPEATED_TOTAL_PAGES * per_page,
        )
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
