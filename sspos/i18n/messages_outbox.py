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
    "outbox.action.send": {"id": "kirim", "en": "send"},
    "outbox.action.submit": {"id": "tandai terkirim", "en": "mark submitted"},
    "outbox.action.rejected": {"id": "tandai ditolak", "en": "mark rejected"},
    "outbox.action.unsent": {"id": "kembalikan ke antrean", "en": "put back in the queue"},
    "outbox.action.retry": {"id": "coba lagi", "en": "retry"},
    "outbox.action.void": {"id": "batalkan", "en": "void"},
    "outbox.action.edit": {"id": "ubah", "en": "edit"},
    "outbox.status.online": {"id": "ONLINE", "en": "ONLINE"},
    "outbox.status.offline": {"id": "OFFLINE", "en": "OFFLINE"},
    "outbox.status.unknown": {"id": "MENYAMBUNG…", "en": "CONNECTING…"},
    "outbox.status.unprinted": {"id": "{count} struk belum tercetak", "en": "{count} unprinted"},
    "outbox.status.waiting": {"id": "{count} antre", "en": "{count} queued"},
    "outbox.status.rejected": {"id": "{count} ditolak", "en": "{count} rejected"},
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
    "outbox.cli.usage": {
        "id": "Pemakaian: sspos outbox [list | retry ID | void ID --reason TEKS] ({detail})",
        "en": "Usage: sspos outbox [list | retry ID | void ID --reason TEXT] ({detail})",
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
