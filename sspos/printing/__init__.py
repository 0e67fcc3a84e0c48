"""Receipts: pure layout (`receipt`), ESC/POS printing (`printers`), safe text (`sanitize`).

- `receipt.receipt_data_from_sale(cart, priced, settlement, ...) -> ReceiptData`
  (JSON round-trippable with `to_dict`/`from_dict`, kept by the outbox for reprints)
- `receipt.layout_receipt(data, columns) -> Receipt`, `receipt.receipt_text(receipt) -> str`
- `printers.print_receipt(receipt, settings, kick_drawer) -> PrintResult`,
  `printers.print_sale(data, settings, reprint=False)`, `printers.print_test(settings)`
- `sanitize.printable(text) -> str`

Only `printers` imports python-escpos; nothing here raises to the caller on a printer fault.
"""
