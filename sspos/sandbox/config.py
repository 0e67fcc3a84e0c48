"""How one sandbox instance is set up."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from sspos.sandbox.demo_data import DEFAULT_PRODUCTS
from sspos.sandbox.faults import Faults

# The token the demo POS and `sspos sandbox` use: it guards nothing real.
DEMO_TOKEN = "sandbox-token"
SHOP_TZ = ZoneInfo("Asia/Jakarta")


def jakarta_now() -> datetime:
    """The shop's wall clock (WIB)."""
    return datetime.now(SHOP_TZ)


@dataclass
class SandboxConfig:
    """Settings of one sandbox: demo data, credentials, storage, faults and clocks.

    `shop` picks the data: "demo" (the generated demo shop; `seed`, `products` and
    `customers` shape it) or "bare" (only what the API doc's examples hold, see
    `sspos.sandbox.bare_shop`).
    `db_path` is ":memory:" or a file; a file that already holds the same shop is reused
    (orders survive a restart), anything else is generated afresh.
    `rate_limit` (requests per `rate_window_s`, 0 = off) seeds the Faults of the instance.
    `clock` gives order timestamps and default date filters; `monotonic` drives the rate
    limit window. Both can be faked in tests.
    """

    shop: Literal["demo", "bare"] = "demo"
    seed: int = 7
    products: int = DEFAULT_PRODUCTS
    customers: int = 300
    token: str = DEMO_TOKEN
    db_path: str | Path = ":memory:"
    faults: Faults | None = None
    rate_limit: int = 0
    rate_window_s: float = 1.0
    default_lang: str = "en"
    clock: Callable[[], datetime] = field(default=jakarta_now, repr=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False)
