"""Where the POS's parts meet the outside world: which API, which data folder.

Demo mode keeps everything (the sandbox's own database, the catalog cache, the outbox)
under `<data_dir>/demo`, so training sales never mix with a shop's real ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sspos.config import Settings

if TYPE_CHECKING:
    from sspos.api.client import SmartSellerClient
    from sspos.store.sync_child import ClientSpec

DEMO_BASE_URL = "http://sandbox/api/open"
DEMO_PRODUCTS = 2000
DEMO_SEED = 7


def is_demo(settings: Settings, force_demo: bool = False) -> bool:
    return force_demo or settings.demo_mode


def data_dir_for(settings: Settings, demo: bool) -> Path:
    """The folder for this mode's SQLite files and receipts (created if missing)."""
    path = settings.data_dir / "demo" if demo else settings.data_dir
    path.mkdir(parents=True, exist_ok=True)
    return path


def client_factory(
    settings: Settings,
    *,
    demo: bool,
    sandbox_products: int = DEMO_PRODUCTS,
    sandbox_seed: int = DEMO_SEED,
    **options: Any,
) -> Callable[[], SmartSellerClient]:
    """A maker of API clients for the configured shop, or for one in-process demo sandbox.

    Every client from one factory talks to the same sandbox (the TUI's and the outbox
    worker's), whose database lives in `<data_dir>/demo/sandbox.sqlite`. `options` go to
    `SmartSellerClient` (e.g. `max_retries`).
    """
    from sspos.api.client import SmartSellerClient

    if not demo:
        assert settings.token is not None
        token = settings.token.get_secret_value()
        return lambda: SmartSellerClient(settings.api_url, token, lang=settings.lang, **options)
    import httpx

    from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app

    db_path = data_dir_for(settings, demo=True) / "sandbox.sqlite"
    app = create_app(
        SandboxConfig(
            seed=sandbox_seed, products=sandbox_products, token=DEMO_TOKEN, db_path=str(db_path)
        )
    )
    return lambda: SmartSellerClient(
        DEMO_BASE_URL, DEMO_TOKEN, lang=settings.lang, transport=httpx.ASGITransport(app=app),
        **options,
    )


def client_spec(
    settings: Settings, *, demo: bool, sandbox_products: int = DEMO_PRODUCTS,
    sandbox_seed: int = DEMO_SEED,
) -> ClientSpec:
    """How a child process (the catalog sync) makes the client `client_factory` makes."""
    from sspos.store.sync_child import ClientSpec

    if not demo:
        assert settings.token is not None
        return ClientSpec(settings.api_url, settings.token.get_secret_value(), settings.lang)
    from sspos.sandbox import DEMO_TOKEN

    return ClientSpec(
        DEMO_BASE_URL, DEMO_TOKEN, settings.lang,
        sandbox_db=str(data_dir_for(settings, demo=True) / "sandbox.sqlite"),
        sandbox_seed=sandbox_seed, sandbox_products=sandbox_products,
    )


def open_client(settings: Settings, *, demo: bool, **options: Any) -> SmartSellerClient:
    """One API client for the configured shop, or for an in-process demo sandbox."""
    return client_factory(settings, demo=demo, **options)()
