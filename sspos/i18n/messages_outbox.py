"""Messages of the outbox (queued sales) and the `sspos outbox` command."""

MESSAGES = {
    "outbox.state.pending": {"id": "menunggu", "en": "pending"},
    "outbox.state.sending": {"id": "mengirim", "en": "sending"},
    "outbox.state.submitted": {"id": "terkirim", "en": "submitted"},
    "outbox.state.rejected": {"id": "ditolak", "en": "rejected"},
    "outbox.state.voided": {"id": "dibatalkan", "en": "voided"},
    "outbox.kind.sale": {"id": "penjualan", "en": "sale"},
    "outbox.kind.awb": {"id": "resi", "en": "AWB"},
    "outbox.kind.payment": {"id": "pembayaran", "en": "payment"},
    "outbox.kind.customer": {"id": "pelanggan", "en": "customer"},
    "outbox.kind.expense": {"id": "biaya", "en": "expense"},
    "outbox.action.send": {"id": "kirim", "en": "send"},
    "outbox.action.submit": {"id": "tandai terkirim", "en": "mark submitted"},
    "outbox.action.rejected": {"id": "tandai ditolak", "en": "mark rejected"},
    "outbox.action.unsent": {"id": "kembalikan ke antrean", "en": "put back in the queue"},
    "outbox.action.retry": {"id": "coba lagi", "en": "retry"},
    "outbox.action.void": {"id": "batalkan", "en": "void"},
    "outbox.action.edit": {"id": "ubah", "en": "edit"},
    "outbox.action.search": {"id": "dicari di server", "en": "be searched for on the server"},
    "outbox.why.not_found_yet": {
        "id": "dicari di server: belum ada ({count} dari {of})",
        "en": "searched the server: not there yet ({count} of {of})",
    },
    "outbox.why.not_found": {
        "id": "dicari di server {count} kali: tidak ada; dikirim lagi",
        "en": "searched the server {count} times: not there; sending again",
    },
    "outbox.why.searched_absent": {
        "id": "dicari di server: tidak ada; dikirim lagi",
        "en": "searched the server: not there; sending again",
    },
    "outbox.why.awb_again": {
        "id": "hasil resi tidak pasti: dikirim lagi (aman diulang)",
        "en": "AWB outcome unknown: setting it again (safe to repeat)",
    },
    "outbox.why.payment_not_found": {
        "id": "riwayat pembayaran: belum ada",
        "en": "payment history: not there",
    },
    "outbox.cli.duplicates": {
        "id": "Pesanan ganda: {cancelled} dibatalkan otomatis, {refused} perlu dibatalkan admin.",
        "en": "Duplicate orders: {cancelled} cancelled automatically, {refused} need an admin.",
    },
    "outbox.cli.duplicate_cancelled": {
        "id": "pesanan ganda {order_id} (PO {po}) dibatalkan; yang dipakai: pesanan {kept}",
        "en": "duplicate order {order_id} (PO {po}) cancelled; kept: order {kept}",
    },
    "outbox.cli.duplicate_refused": {
        "id": "pesanan ganda {order_id} TIDAK bisa dibatalkan: {message}. Batalkan di "
        "SmartSeller; yang dipakai: pesanan {kept}",
        "en": "duplicate order {order_id} NOT cancelled: {message}. Cancel it in SmartSeller; "
        "kept: order {kept}",
    },
    "outbox.cli.in_doubt": {
        "id": "mungkin sudah ada di server: sudah dicari {count} kali, belum ketemu; POS terus "
        "memeriksa sebelum mengirim lagi",
        "en": "may already be on the server: searched {count} times, not found yet; the POS "
        "keeps checking before it sends again",
    },
    "outbox.cli.watching": {
        "id": "dikirim lebih dari sekali: server diawasi sampai {until} (UTC) untuk pesanan ganda",
        "en": "sent more than once: watching the server for a duplicate until {until} (UTC)",
    },
    "outbox.error.customer_without_name": {
        "id": "Pelanggan baru perlu nama dan nomor telepon.",
        "en": "A new customer needs a name and a phone number.",
    },
    "outbox.error.no_reference": {
        "id": "Penjualan tanpa referensi klien tidak dapat diantrekan.",
        "en": "A sale without a client reference cannot be queued.",
    },
    "outbox.error.not_a_dict": {
        "id": "Data {what} harus berupa objek JSON.",
        "en": "The {what} must be a JSON object.",
    },
    "outbox.error.not_json": {
        "id": "Data {what} tidak dapat disimpan sebagai JSON.",
        "en": "The {what} cannot be stored as JSON.",
    },
    "outbox.error.note_without_reference": {
        "id": "Catatan pesanan harus memuat referensi {ref}.",
        "en": "The order note must carry the reference {ref}.",
    },
    "outbox.error.duplicate_reference": {
        "id": "Penjualan dengan referensi {ref} sudah ada di antrean.",
        "en": "A sale with reference {ref} is already in the outbox.",
    },
    "outbox.error.unknown_reference": {
        "id": "Tidak ada penjualan dengan referensi {ref}.",
        "en": "No sale with reference {ref}.",
    },
    "outbox.error.sale_voided": {
        "id": "Penjualan {ref} sudah dibatalkan.",
        "en": "Sale {ref} has been voided.",
    },
    "outbox.error.unknown_id": {
        "id": "Tidak ada entri antrean #{id}.",
        "en": "No outbox entry #{id}.",
    },
    "outbox.error.wrong_state": {
        "id": "Entri #{id} berstatus {state}: tidak dapat {action}.",
        "en": "Entry #{id} is {state}: cannot {action}.",
    },
    "outbox.error.claim_lost": {
        "id": "Entri #{id} sedang dikirim oleh terminal lain.",
        "en": "Entry #{id} is being delivered by another terminal.",
    },
    "outbox.error.reason_required": {
        "id": "Sebutkan alasan pembatalan (--reason).",
        "en": "Give the reason for voiding (--reason).",
    },
    "outbox.error.bad_awb": {
        "id": "Nomor resi kosong atau tidak valid.",
        "en": "The AWB number is empty or invalid.",
    },
    "outbox.error.bad_amount": {
        "id": "Jumlah pembayaran harus bilangan bulat positif (bukan {amount}).",
        "en": "The payment amount must be a positive whole number (not {amount}).",
    },
    "outbox.error.bad_bank": {
        "id": "Rekening bank tidak valid: {bank_id}.",
        "en": "Invalid bank account: {bank_id}.",
    },
    "outbox.error.bad_date": {
        "id": "Tanggal harus yyyy-mm-dd (bukan {date}).",
        "en": "The date must be yyyy-mm-dd (not {date}).",
    },
    "outbox.cli.summary": {
        "id": "Antrean: {waiting} menunggu, {rejected} ditolak, {submitted} terkirim,"
        " {unprinted} struk belum tercetak.",
        "en": "Outbox: {waiting} waiting, {rejected} rejected, {submitted} submitted,"
        " {unprinted} receipts not printed.",
    },
    "outbox.cli.empty": {
        "id": "Tidak ada yang menunggu atau ditolak.",
        "en": "Nothing is waiting or rejected.",
    },
    "outbox.cli.last_error": {"id": "galat terakhir: {error}", "en": "last error: {error}"},
    "outbox.cli.need_id": {
        "id": "'{action}' memerlukan nomor entri, mis. sspos outbox {action} 12",
        "en": "'{action}' needs an entry number, e.g. sspos outbox {action} 12",
    },
    "outbox.cli.retried": {
        "id": "Entri #{id} ({ref}) kembali ke antrean; POS akan mengirimnya.",
        "en": "Entry #{id} ({ref}) is back in the queue; the POS will send it.",
    },
    "outbox.cli.voided": {
        "id": "Entri #{id} ({ref}) dibatalkan; alasan dicatat.",
        "en": "Entry #{id} ({ref}) voided; the reason is logged.",
    },
}
