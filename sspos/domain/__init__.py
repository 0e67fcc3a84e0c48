"""Pure domain logic: money, catalog facts, cart, pricing, payment, the create-order payload.

Nothing here does I/O or imports Textual/httpx; the TUI, receipt, sandbox and outbox all
ask this package and none of them re-computes a total.
"""
