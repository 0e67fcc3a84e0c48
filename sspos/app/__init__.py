"""The POS's use cases, without Textual: what the screens and the CLI ask, in plain Python.

Screens ask and render; the rules of a use case live here, testable without a terminal
(see ARCHITECTURE.md, "The application layer", and the README's Development section):

- `services`: everything the POS talks to, opened once (`Services`, the `Reference` data);
- `pos`: one terminal's use cases wired together (`Pos`);
- `counter`: the sale in progress; `checkout`: confirming it; `receipts`: printing,
  reprinting, previewing; `orders`: today's orders, an AWB added later;
  `catalog_sync`: refreshing the catalog; `customers`, `walk_in`, `cash_account`,
  `pos_state`, `shop`: customers created at the counter and the first sale's questions;
- `shifts`: the cashier's shift, its X/Z report, cash in/out and cancellations;
- `status`: the terminal's state as one stream of events; `delivery`: waiting briefly for
  the outbox worker's answer; `errors`: any failure in the cashier's words.
"""
