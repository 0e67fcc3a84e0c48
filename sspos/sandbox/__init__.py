"""An embedded SmartSeller look-alike: demo data, the Open API's wire format, fault injection.

    from sspos.sandbox import create_app, SandboxConfig, DEMO_TOKEN
    app = create_app(SandboxConfig(seed=7, products=60))
    # in-process: httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
    #                               base_url="http://sandbox/api/open")
    # over a socket: sspos.sandbox.server.serve_in_thread(app) yields the base URL

The POS talks to it only over HTTP; nothing in the POS imports this package except the
CLI (`sspos sandbox`, `sspos demo`).
"""

from __future__ import annotations

from typing import Any

from sspos.sandbox.app import SandboxApp, create_app
from sspos.sandbox.config import DEMO_TOKEN, SandboxConfig
from sspos.sandbox.faults import Faults

__all__ = ["DEMO_TOKEN", "Faults", "SandboxApp", "SandboxConfig", "create_app", "serve"]


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    products: int | None = None,
    seed: int = 7,
    token: str | None = None,
    **kwargs: Any,
) -> int:
    """Serve a sandbox with uvicorn until Ctrl+C, printing its URL and token (`sspos sandbox`)."""
    from sspos.sandbox.server import serve as _serve

    return _serve(host=host, port=port, products=products, seed=seed, token=token, **kwargs)
