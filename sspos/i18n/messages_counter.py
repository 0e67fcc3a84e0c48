"""Messages of the counter's own tools beside the sale: park and recall a sale, and the
price and stock check; and `sspos price`, `sspos parked`, `sspos order cancel`."""

MESSAGES = {
    # --- park and recall ----------------------------------------------------------------
    "tui.key.park": {"id": "Tahan", "en": "Park"},
    "tui.key.recall": {"id": "Panggil penjualan ditahan", "en": "Recall a parked sale"},
    "tui.sale.parked": {
        "id": "Penjualan ditahan: {count} barang, {total}",
        "en": "Sale parked: {count} items, {total}",
    },
    "tui.sale.recalled": {
        "id": "Penjualan dipanggil kembali: {count} barang",
        "en": "Parked sale recalled: {count} items",
    },
    "tui.sale.recalled_prices": {
        "id": "{count} harga berubah sejak ditahan: periksa keranjang",
        "en": "{count} prices changed since it was parked: check the cart",
    },
    "tui.sale.recall_swapped": {
        "id": "keranjang sebelumnya ditahan",
        "en": "the cart that was in front is parked",
    },
    "tui.sale.recall_gone": {
        "id": "Penjualan itu sudah tidak ditahan",
        "en": "That sale is no longer parked",
    },
    "tui.parked.title": {"id": "Penjualan ditahan", "en": "Parked sales"},
    "tui.parked.time": {"id": "Waktu", "en": "Time"},
    "tui.parked.customer": {"id": "Pelanggan", "en": "Customer"},
    "tui.parked.items": {"id": "Barang", "en": "Items"},
    "tui.parked.keys": {
        "id": "↑↓ pilih · Enter panggil kembali · Esc kembali",
        "en": "↑↓ choose · Enter recall · Esc back",
    },
    "tui.parked.none": {
        "id": "Tidak ada penjualan yang ditahan",
        "en": "No parked sales",
    },
    # --- price and stock check ------------------------------------------------------------
    "tui.key.price_check": {"id": "Cek harga", "en": "Price check"},
    "tui.check.title": {"id": "Cek harga & stok", "en": "Price & stock check"},
    "tui.check.category": {"id": "Kategori", "en": "Category"},
    "tui.check.field": {"id": "Harga dari", "en": "Price field"},
    "tui.check.price": {"id": "Harga", "en": "Price"},
    "tui.check.wholesale": {"id": "Grosir", "en": "Wholesale"},
    "tui.check.fallback": {"id": "{field} (kosong: normal)", "en": "{field} (empty: normal)"},
    "tui.check.no_bands": {"id": "Tanpa harga grosir", "en": "No wholesale prices"},
    "tui.check.bands": {"id": "Harga grosir: {bands}", "en": "Wholesale prices: {bands}"},
    "tui.check.band": {
        "id": "{from_qty}–{to_qty} pcs {price}",
        "en": "{from_qty}–{to_qty} pcs {price}",
    },
    "tui.check.band_open": {"id": "≥{from_qty} pcs {price}", "en": "≥{from_qty} pcs {price}"},
    "tui.check.asking": {
        "id": "Menanyakan stok ke server…",
        "en": "Asking the server for the stock…",
    },
    "tui.check.total_stock": {"id": "Total stok", "en": "Total stock"},
    "tui.check.unknown": {"id": "tidak diketahui", "en": "unknown"},
    "tui.check.offline": {
        "id": "Offline: stok per gudang tidak bisa ditanyakan. Stok saat sinkron terakhir: "
        "{stock}",
        "en": "Offline: the stock per warehouse cannot be asked. Stock at the last sync: "
        "{stock}",
    },
    "tui.check.failed": {
        "id": "Stok tidak terbaca dari server: {error}. Stok saat sinkron terakhir: {stock}",
        "en": "The server's stock could not be read: {error}. Stock at the last sync: {stock}",
    },
    "tui.check.keys": {
        "id": "Keranjang tidak berubah · Esc kembali",
        "en": "The cart is not changed · Esc back",
    },
    "tui.check.nothing": {
        "id": "Pilih produk dulu: cari lalu ↑↓, atau pilih baris keranjang (F2)",
        "en": "Choose a product first: search and ↑↓, or a cart line (F2)",
    },
    # --- sspos price / parked / order cancel (sspos.counter_command) ----------------------
    "cli.price": {
        "id": "cek harga & stok satu produk (semua kategori, grosir, stok per gudang)",
        "en": "price and stock check of one product (every category, wholesale, per warehouse)",
    },
    "cli.price.query": {
        "id": "SKU/barcode (persis) atau nama produk",
        "en": "SKU/barcode (exact) or product name",
    },
    "cli.metavar.query": {"id": "CARI", "en": "QUERY"},
    "counter.cli.no_catalog": {
        "id": "Katalog belum pernah disinkron di terminal ini. Jalankan dulu: sspos sync",
        "en": "The catalog was never synced on this terminal. Run first: sspos sync",
    },
    "counter.cli.price_none": {
        "id": "Tidak ada produk untuk “{query}”.",
        "en": "No product matches “{query}”.",
    },
    "counter.cli.price_several": {
        "id": "Beberapa produk cocok dengan “{query}”; sebutkan SKU-nya:",
        "en": "Several products match “{query}”; give its SKU:",
    },
    "counter.cli.price_more": {"id": "… dan lainnya", "en": "… and more"},
    "cli.parked": {
        "id": "penjualan yang ditahan di terminal ini (waktu, pelanggan, barang, total)",
        "en": "this terminal's parked sales (time, customer, items, total)",
    },
    "cli.parked.all": {
        "id": "penjualan ditahan di semua terminal",
        "en": "every terminal's parked sales",
    },
    "counter.cli.parked_row": {
        "id": "{time}  {customer}  {items} barang  {total}",
        "en": "{time}  {customer}  {items} items  {total}",
    },
    "counter.cli.parked_none": {
        "id": "Tidak ada penjualan yang ditahan.",
        "en": "No parked sales.",
    },
    "cli.order": {
        "id": "pesanan hari ini: cancel membatalkannya seperti F8 di layar Pesanan",
        "en": "today's orders: cancel one as F8 on the Orders screen does",
    },
    "cli.order.action": {"id": "cancel", "en": "cancel"},
    "cli.order.ref": {
        "id": "nomor PO atau referensi klien pesanan hari ini",
        "en": "PO number or client reference of today's order",
    },
    "cli.order.reason": {"id": "alasan pembatalan (wajib)", "en": "why it is cancelled (required)"},
    "cli.order.print": {"id": "cetak slip pembatalan", "en": "print the void slip"},
    "cli.order.yes": {"id": "batalkan tanpa bertanya", "en": "cancel without asking"},
    "cli.metavar.ref": {"id": "NOMOR", "en": "REF"},
    "counter.cli.order_unknown": {
        "id": "Tidak ada pesanan {ref} hari ini, di terminal ini maupun di server.",
        "en": "No order {ref} today, on this terminal or on the server.",
    },
    "counter.cli.order_unknown_offline": {
        "id": "Tidak ada penjualan {ref} di antrean hari ini, dan daftar pesanan server tidak"
              " terbaca: nomor PO belum bisa dicari.",
        "en": "No sale {ref} in today's queue, and the server's orders could not be read:"
              " PO numbers cannot be looked up now.",
    },
    "counter.cli.cancel_needs_yes": {
        "id": "Tidak ada yang bisa menjawab konfirmasi di sini: tambahkan --yes untuk"
              " membatalkan.",
        "en": "Nobody can answer the confirmation here: add --yes to cancel.",
    },
    "counter.cli.yes_no": {"id": "[y/T]", "en": "[y/N]"},
    "counter.cli.yes_words": {"id": "y ya", "en": "y yes"},
    "counter.cli.cancel_kept": {"id": "Tidak dibatalkan.", "en": "Not cancelled."},
}
