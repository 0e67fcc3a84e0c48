"""The sandbox's live state (being split into one module per resource)."""

from sspos.sandbox.state.orders import Invalid, NotFound, Page, SandboxState

__all__ = ["Invalid", "NotFound", "Page", "SandboxState"]
