"""Fault injection: latency, 5xx answers, hangs, dropped connections, a server that is down.

Choices are drawn from a seeded RNG in a fixed order per request, so the same sequence of
requests meets the same faults on every run. Faults never touch `/_admin/...`.

How a fault reaches the client depends on the transport:
- over a real socket (uvicorn), a dropped answer closes the TCP connection without a
  response and `down` resets it (RST) before anything is read;
- served by `serve_in_thread`, `down` also closes the listening socket, so new
  connections are refused outright (`ConnectError`), as with a server that is off;
- in-process (`httpx.ASGITransport`) there is no socket, so the app raises the httpx
  transport error the client would see: `RemoteProtocolError` for a drop, `ConnectError`
  for down, `ReadTimeout` after the hang for a timeout.
"""

from __future__ import annotations

import asyncio
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
}


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
        for name in ("error_rate", "timeout_rate", "drop_after_commit_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise FaultValueError(f"{name} must be between 0 and 1, not {value}")
        for name in ("latency_ms", "hang_seconds", "rate_limit", "down_for_s"):
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
    return transport if isinstance(transport, asyncio.BaseTransport) else None


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
