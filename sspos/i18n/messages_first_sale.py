"""Messages of the one-time questions at a shop's first sale (walk-in customer, cash
account) and of the payment screen's cash-account line."""

MESSAGES = {
    "first_sale.walk_in.title": {
        "id": "Buat pelanggan umum?",
        "en": "Create the walk-in customer?",
    },
    "first_sale.walk_in.why": {
        "id": (
            "SmartSeller mencatat setiap pesanan atas nama seorang pelanggan. Penjualan "
            "tanpa pelanggan dicatat atas nama “{name}”, yang belum ada di toko Anda. "
            "Buat sekarang dengan data toko? (sekali saja)"
        ),
        "en": (
            "SmartSeller books every order to a customer. Sales to no one in particular are "
            "booked to “{name}”, which your shop does not have yet. Create it now from the "
            "shop's details? (once only)"
        ),
    },
    "first_sale.walk_in.name": {"id": "Nama", "en": "Name"},
    "first_sale.walk_in.phone": {"id": "Telepon", "en": "Phone"},
    "first_sale.walk_in.district": {"id": "Kecamatan", "en": "District"},
    "first_sale.walk_in.address": {"id": "Alamat", "en": "Address"},
    "first_sale.walk_in.category": {"id": "Kategori", "en": "Category"},
    "first_sale.walk_in.active": {"id": "Status aktif", "en": "Active status"},
    "first_sale.walk_in.postal_code": {"id": "Kode pos", "en": "Postal code"},
    "first_sale.walk_in.create": {
        "id": "Buat pelanggan umum [Enter]",
        "en": "Create the walk-in customer [Enter]",
    },
    "first_sale.walk_in.keys": {
        "id": "Enter/Y/F2 buat · Esc/N nanti (penjualan tetap di keranjang)",
        "en": "Enter/Y/F2 create · Esc/N not now (the sale stays in the cart)",
    },
    "first_sale.walk_in.creating": {"id": "Membuat pelanggan…", "en": "Creating the customer…"},
    "first_sale.walk_in.created": {
        "id": "Pelanggan “{name}” dibuat di SmartSeller.",
        "en": "Customer “{name}” created in SmartSeller.",
    },
    "first_sale.walk_in.queued": {
        "id": "Offline: “{name}” dibuat di SmartSeller begitu tersambung, sebelum pesanannya.",
        "en": "Offline: “{name}” is created in SmartSeller once connected, before its order.",
    },
    "first_sale.walk_in.rejected": {
        "id": "SmartSeller menolak data pelanggan ini. Perbaiki lalu tekan Enter:",
        "en": "SmartSeller refused this customer. Correct it and press Enter:",
    },
    "first_sale.walk_in.declined": {
        "id": "Tanpa pelanggan umum, pilih pelanggan dulu (F3). Keranjang tetap tersimpan.",
        "en": "Without a walk-in customer, choose a customer first (F3). The cart is kept.",
    },
    "first_sale.customer_queued": {
        "id": "Offline: pelanggan {name} dibuat di SmartSeller begitu tersambung.",
        "en": "Offline: customer {name} is created in SmartSeller once connected.",
    },
    "first_sale.customer_rejected": {
        "id": "SmartSeller menolak data pelanggan ini: perbaiki kolom yang ditandai.",
        "en": "SmartSeller refused this customer: correct the marked fields.",
    },
    "first_sale.cash.title": {
        "id": "Uang tunai dibukukan ke rekening mana?",
        "en": "Which account is cash booked to?",
    },
    "first_sale.cash.why": {
        "id": (
            "SmartSeller mencatat setiap pembayaran ke salah satu rekening toko. Pilih "
            "rekening untuk uang di laci kas; pilihan ini diingat."
        ),
        "en": (
            "SmartSeller books every payment to one of the shop's accounts. Choose the "
            "account for the cash in the drawer; the choice is remembered."
        ),
    },
    "first_sale.cash.account": {"id": "Rekening", "en": "Account"},
    "first_sale.cash.type": {"id": "Jenis", "en": "Type"},
    "first_sale.cash.keys": {
        "id": "↑↓ pilih · Enter/F2 pakai · Esc batal",
        "en": "↑↓ choose · Enter/F2 use · Esc cancel",
    },
    "first_sale.cash.line": {
        "id": "Tunai dibukukan ke: {account}",
        "en": "Cash is booked to: {account}",
    },
    "first_sale.cash.line_unknown": {
        "id": "Tunai dibukukan ke: belum dipilih — ditanyakan saat F9",
        "en": "Cash is booked to: not chosen yet — asked at F9",
    },
    "first_sale.cash.needed": {
        "id": "Pilih rekening untuk uang tunai (F9), atau bayar dengan rekening (F4).",
        "en": "Choose an account for cash (F9), or pay to an account (F4).",
    },
    "first_sale.cash.no_accounts": {
        "id": (
            "Toko belum punya rekening di SmartSeller. Tambahkan rekening (mis. “Kas Toko”) "
            "di SmartSeller, lalu sinkron (Ctrl+P)."
        ),
        "en": (
            "The shop has no account in SmartSeller. Add one (e.g. “Kas Toko”) in "
            "SmartSeller, then sync (Ctrl+P)."
        ),
    },
}
