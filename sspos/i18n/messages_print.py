"""Receipt labels and printer messages (area: printing)."""

MESSAGES = {
    # Receipt labels: short, they share a line with an amount on 32 columns.
    "print.phone": {"id": "Telp {phone}", "en": "Tel {phone}"},
    "print.order_no": {"id": "No. Pesanan", "en": "Order no."},
    "print.reference": {"id": "Ref", "en": "Ref"},
    "print.reference_pending": {
        "id": "(menunggu kirim ke server)",
        "en": "(waiting to be sent to the server)",
    },
    "print.date": {"id": "Tanggal", "en": "Date"},
    "print.cashier": {"id": "Kasir", "en": "Cashier"},
    "print.customer": {"id": "Pelanggan", "en": "Customer"},
    "print.receiver": {"id": "Penerima", "en": "Ship to"},
    "print.tier": {"id": "Harga {name}", "en": "{name} price"},
    "print.wholesale": {"id": "Harga grosir {range} pcs", "en": "Wholesale {range} pcs"},
    "print.product_discount": {
        "id": "Potongan {amount}/pcs",
        "en": "Less {amount} each",
    },
    "print.line_discount": {"id": "Diskon", "en": "Discount"},
    "print.line_discount_percent": {"id": "Diskon {percent}%", "en": "Discount {percent}%"},
    "print.line_net": {"id": "Setelah diskon", "en": "After discount"},
    "print.item_discounts": {"id": "Diskon barang", "en": "Item discounts"},
    "print.items_count": {"id": "{lines} item, {qty} pcs", "en": "{lines} items, {qty} pcs"},
    "print.subtotal": {"id": "Subtotal", "en": "Subtotal"},
    "print.shipping": {"id": "Ongkir {courier}", "en": "Shipping {courier}"},
    "print.total": {"id": "TOTAL", "en": "TOTAL"},
    "print.status": {"id": "Status", "en": "Status"},
    "print.status.PAID": {"id": "LUNAS", "en": "PAID"},
    "print.status.INSTALLMENT": {"id": "CICILAN", "en": "INSTALLMENT"},
    "print.status.UNPAID": {"id": "BELUM DIBAYAR", "en": "UNPAID"},
    "print.method": {"id": "Metode", "en": "Method"},
    "print.method_cash": {"id": "Tunai", "en": "Cash"},
    "print.paid": {"id": "Dibayar", "en": "Paid"},
    "print.tendered": {"id": "Uang diterima", "en": "Tendered"},
    "print.change": {"id": "Kembalian", "en": "Change"},
    "print.remaining": {"id": "Sisa tagihan", "en": "Balance due"},
    "print.awb": {"id": "No. Resi", "en": "AWB"},
    "print.note": {"id": "Catatan", "en": "Note"},
    "print.qr_preview": {"id": "[QR: {payload}]", "en": "[QR: {payload}]"},
    "print.reprint": {"id": "*** CETAK ULANG ***", "en": "*** REPRINT ***"},
    # print-test
    "print.test.title": {"id": "TES PRINTER", "en": "PRINTER TEST"},
    "print.test.normal": {"id": "Teks normal", "en": "Normal text"},
    "print.test.bold": {"id": "Teks tebal", "en": "Bold text"},
    "print.test.tall": {"id": "Teks tinggi", "en": "Tall text"},
    "print.test.large": {"id": "BESAR", "en": "LARGE"},
    "print.test.columns": {"id": "{columns} kolom:", "en": "{columns} columns:"},
    "print.test.transliteration": {
        "id": "Non-ASCII: Café Señor Straße 😀",
        "en": "Non-ASCII: Café Señor Straße 😀",
    },
    "print.test.qr": {"id": "QR di bawah ini harus terbaca", "en": "The QR below must scan"},
    "print.test.end": {
        "id": "Selesai. Kertas harus terpotong.",
        "en": "Done. The paper should be cut.",
    },
    "print.done": {"id": "Terkirim ke printer {printer}.", "en": "Sent to printer {printer}."},
    "print.sent_unconfirmed": {
        "id": "Terkirim ke {printer}, belum dipastikan (printer tidak ditanya statusnya).",
        "en": "Sent to {printer}, not confirmed (the printer was not asked for its status).",
    },
    "print.preview_only": {
        "id": "Printer tidak diatur (none): hanya pratinjau.",
        "en": "No printer configured (none): preview only.",
    },
    # Faults: each says what happened and what to check. The sale is never affected.
    "print.err.bad_uri": {
        "id": "Alamat printer tidak dikenal: {uri}. Contoh: tcp://192.168.1.50:9100",
        "en": "Unknown printer address: {uri}. Example: tcp://192.168.1.50:9100",
    },
    "print.err.bad_profile": {
        "id": "Profil printer tidak dikenal: {profile} (contoh: TM-T20II, default).",
        "en": "Unknown printer profile: {profile} (e.g. TM-T20II, default).",
    },
    "print.err.unreachable": {
        "id": "Printer {target} tidak bisa dihubungi. Periksa daya, kabel/jaringan dan alamatnya.",
        "en": "Cannot reach printer {target}. Check power, cable/network and the address.",
    },
    "print.err.timeout": {
        "id": "Printer {target} tidak merespons dalam {seconds} detik.",
        "en": "Printer {target} did not respond within {seconds} s.",
    },
    "print.err.no_answer": {
        "id": (
            "Printer {target} tidak menjawab cek status dalam {seconds} detik. Jika printer tidak "
            "mendukung cek status, tambahkan ?status=0 pada alamatnya."
        ),
        "en": (
            "Printer {target} did not answer the status check within {seconds} s. If it cannot "
            "report status, add ?status=0 to its address."
        ),
    },
    "print.err.not_a_printer": {
        "id": "{target} menjawab, tetapi bukan seperti printer ESC/POS. Periksa alamat dan port.",
        "en": "{target} answered, but not like an ESC/POS printer. Check the address and port.",
    },
    "print.err.paper_out": {
        "id": "Kertas printer habis. Isi kertas lalu cetak ulang dari Pesanan.",
        "en": "The printer is out of paper. Load paper, then reprint from Orders.",
    },
    "print.err.write_failed": {
        "id": "Gagal mengirim ke printer {target}: {detail}",
        "en": "Sending to printer {target} failed: {detail}",
    },
    "print.err.not_taken": {
        "id": "Printer {target} tidak menerima struk ({left} dari {size} byte tertahan). "
        "Periksa printernya, lalu cetak ulang dari Pesanan.",
        "en": "Printer {target} did not take the receipt ({left} of {size} bytes left). "
        "Check the printer, then reprint from Orders.",
    },
    "print.err.usb_missing": {
        "id": "Printer USB {target} tidak ditemukan. Periksa kabel dan izin akses USB.",
        "en": "USB printer {target} not found. Check the cable and USB permissions.",
    },
    "print.err.driver_missing": {
        "id": (
            "Dukungan printer {kind} belum terpasang (paket Python {package}): "
            "pasang ulang sspos."
        ),
        "en": (
            "Support for {kind} printers is not installed (Python package {package}): "
            "reinstall sspos."
        ),
    },
    "print.err.usb_backend": {
        "id": (
            "Printer USB perlu pustaka libusb dari sistem (Debian/Ubuntu: apt install "
            "libusb-1.0-0; Windows: pasang driver libusb, mis. lewat Zadig)."
        ),
        "en": (
            "USB printers need the system's libusb library (Debian/Ubuntu: apt install "
            "libusb-1.0-0; Windows: install a libusb driver, e.g. with Zadig)."
        ),
    },
    "print.err.cups_missing": {
        "id": (
            "Printer CUPS perlu paket tambahan pycups: uv sync --extra cups (atau pip install "
            "'sspos[cups]'; perlu libcups2-dev untuk dipasang)."
        ),
        "en": (
            "CUPS printers need the optional package pycups: uv sync --extra cups (or pip "
            "install 'sspos[cups]'; building it needs libcups2-dev)."
        ),
    },
    "print.err.cups_queue": {
        "id": "Antrean CUPS “{target}” tidak ada. Periksa nama antrean (lpstat -p).",
        "en": "CUPS has no queue “{target}”. Check the queue name (lpstat -p).",
    },
    "print.err.not_writable": {
        "id": "Printer {target} tidak ada atau tidak bisa ditulisi. Periksa kabel dan izin.",
        "en": "Printer {target} is absent or not writable. Check the cable and permissions.",
    },
    "print.check.none": {
        "id": "tidak ada printer (none): struk hanya pratinjau",
        "en": "no printer (none): receipts are previewed only",
    },
    "print.check.dummy": {"id": "printer uji (dummy:)", "en": "test printer (dummy:)"},
    "print.check.reachable": {"id": "{target} terhubung", "en": "{target} reachable"},
    "print.check.writable": {"id": "{target} bisa ditulisi", "en": "{target} writable"},
    "print.check.present": {"id": "{target} ada", "en": "{target} present"},
    "print.err.failed": {
        "id": "Gagal mencetak: {detail}",
        "en": "Printing failed: {detail}",
    },
}
