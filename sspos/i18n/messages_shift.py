"""Shifts, the cash drawer and cancellations: errors, the X/Z report and slips, the CLI
(area: shift)."""

MESSAGES = {
    # Errors (sspos.store.shifts.ShiftError / sspos.app.shifts)
    "shift.error.negative": {
        "id": "Jumlah harus bilangan bulat positif (bukan {amount}).",
        "en": "The amount must be a positive whole number (not {amount}).",
    },
    "shift.error.too_large": {
        "id": "Jumlah {amount} terlalu besar (paling banyak {max}). Salah ketik atau terpindai?",
        "en": "{amount} is too large (at most {max}). A typo or a scanned code?",
    },
    "shift.error.already_open": {
        "id": "Shift terminal {terminal} sudah dibuka. Tutup dulu sebelum membuka yang baru.",
        "en": "Terminal {terminal} already has an open shift. Close it before opening another.",
    },
    "shift.error.already_closed": {
        "id": "Shift #{id} sudah ditutup.",
        "en": "Shift #{id} is already closed.",
    },
    "shift.error.unknown": {"id": "Tidak ada shift #{id}.", "en": "No shift #{id}."},
    "shift.error.none_open": {
        "id": "Belum ada shift terbuka di terminal {terminal}. Buka dulu: sspos shift open"
              " --float JUMLAH.",
        "en": "No shift is open on terminal {terminal}. Open one first: sspos shift open"
              " --float AMOUNT.",
    },
    "shift.error.reason_required": {
        "id": "Sebutkan alasannya.",
        "en": "Give the reason.",
    },
    "shift.error.over_drawer": {
        "id": "Kas keluar {amount} melebihi isi laci seharusnya ({expected}).",
        "en": "Paying out {amount} is more than the drawer should hold ({expected}).",
    },
    "shift.error.already_cancelled": {
        "id": "Penjualan ini sudah dibatalkan.", "en": "This sale is already cancelled.",
    },
    "shift.error.no_order": {
        "id": "Pesanan ini belum punya nomor dari server: belum bisa dibatalkan.",
        "en": "This order has no number from the server yet: it cannot be cancelled.",
    },
    "shift.error.bad_amount": {
        "id": "Jumlah tidak terbaca: {text}. Contoh: 150000, 150.000 atau 150rb.",
        "en": "Unreadable amount: {text}. For example 150000, 150.000 or 150rb.",
    },
    # What the expense's note says on SmartSeller
    "shift.expense_note": {
        "id": "Kas keluar POS {terminal} ({cashier}): {reason}",
        "en": "POS paid-out {terminal} ({cashier}): {reason}",
    },
    # The X / Z report on paper and on screen
    "shift.r.title_x": {"id": "LAPORAN X", "en": "X REPORT"},
    "shift.r.title_z": {"id": "LAPORAN Z - TUTUP SHIFT", "en": "Z REPORT - SHIFT CLOSED"},
    "shift.r.terminal": {"id": "Terminal", "en": "Terminal"},
    "shift.r.shift": {"id": "Shift", "en": "Shift"},
    "shift.r.cashier": {"id": "Kasir", "en": "Cashier"},
    "shift.r.opened": {"id": "Buka", "en": "Opened"},
    "shift.r.closed": {"id": "Tutup", "en": "Closed"},
    "shift.r.printed": {"id": "Cetak", "en": "Printed"},
    "shift.r.by_method": {"id": "Penjualan per cara bayar", "en": "Sales by payment method"},
    "shift.r.no_sales": {"id": "Belum ada penjualan.", "en": "No sales yet."},
    "shift.r.count": {"id": "{count} transaksi", "en": "{count} sales"},
    "shift.r.paid_now": {"id": "Dibayar", "en": "Paid"},
    "shift.r.sales_total": {"id": "Total ({count} transaksi)", "en": "Total ({count} sales)"},
    "shift.r.drawer": {"id": "Laci kas", "en": "Cash drawer"},
    "shift.r.float": {"id": "Modal awal", "en": "Opening float"},
    "shift.r.cash_taken": {"id": "Tunai diterima", "en": "Cash taken"},
    "shift.r.change_given": {"id": "Kembalian", "en": "Change given"},
    "shift.r.paid_in": {"id": "Kas masuk", "en": "Paid in"},
    "shift.r.paid_out": {"id": "Kas keluar", "en": "Paid out"},
    "shift.r.cash_back": {"id": "Refund shift lalu", "en": "Refunded (earlier shift)"},
    "shift.r.cash_back_one": {"id": "tunai dikembalikan", "en": "cash refunded"},
    "shift.r.expected": {"id": "Kas seharusnya", "en": "Cash expected"},
    "shift.r.counted": {"id": "Kas dihitung", "en": "Cash counted"},
    "shift.r.over": {"id": "Lebih", "en": "Over"},
    "shift.r.short": {"id": "Kurang", "en": "Short"},
    "shift.r.balanced": {"id": "Selisih", "en": "Difference"},
    "shift.r.paid_in_list": {"id": "Kas masuk", "en": "Cash paid in"},
    "shift.r.paid_out_list": {"id": "Kas keluar (biaya)", "en": "Cash paid out (expenses)"},
    "shift.r.expense_queued": {
        "id": "(biaya masih di antrean)", "en": "(expense still queued)",
    },
    "shift.r.expense_rejected": {
        "id": "(biaya ditolak server: lihat sspos outbox)",
        "en": "(expense refused by the server: see sspos outbox)",
    },
    "shift.r.cancellations": {"id": "Pembatalan ({count})", "en": "Cancellations ({count})"},
    "shift.r.voided_locally": {
        "id": "(dibatalkan sebelum terkirim)", "en": "(voided before it was sent)",
    },
    "shift.r.queued": {"id": "Masih di antrean", "en": "Still queued"},
    "shift.r.rejected": {"id": "Ditolak server", "en": "Refused by the server"},
    "shift.r.server_check": {"id": "Cek ke server", "en": "Server check"},
    "shift.r.server_ok": {
        "id": "Semua penjualan terkirim ada di server.",
        "en": "Every sale sent is on the server.",
    },
    "shift.r.server_not_checked": {
        "id": "Server tidak dapat dicek saat tutup shift.",
        "en": "The server could not be checked at closing.",
    },
    "shift.r.missing": {
        "id": "tidak ada di server (atau dibatalkan di sana)",
        "en": "not on the server (or cancelled there)",
    },
    "shift.r.cancelled_on_server": {
        "id": "dibatalkan di server", "en": "cancelled on the server",
    },
    "shift.r.still_queued": {"id": "masih di antrean", "en": "still queued"},
    # Slips
    "shift.slip.cash_in": {"id": "KAS MASUK", "en": "CASH PAID IN"},
    "shift.slip.cash_out": {"id": "KAS KELUAR", "en": "CASH PAID OUT"},
    "shift.slip.void": {"id": "PEMBATALAN", "en": "VOID"},
    "shift.slip.date": {"id": "Tanggal", "en": "Date"},
    "shift.slip.reference": {"id": "Ref", "en": "Ref"},
    "shift.slip.order_no": {"id": "No. Pesanan", "en": "Order no."},
    "shift.slip.reason": {"id": "Alasan", "en": "Reason"},
    "shift.slip.amount": {"id": "Jumlah", "en": "Amount"},
    "shift.slip.total": {"id": "Total", "en": "Total"},
    "shift.slip.signature": {"id": "Paraf: ______________", "en": "Signed: ______________"},
    # The command line: `sspos shift …`, `sspos cash …`
    "cli.metavar.amount": {"id": "JUMLAH", "en": "AMOUNT"},
    "cli.shift": {
        "id": "shift kasir: buka, laporan X, tutup (laporan Z), daftar, lihat",
        "en": "cashier shifts: open, X report, close (Z report), list, show",
    },
    "cli.shift.action": {
        "id": "open, x, close, list atau show", "en": "open, x, close, list or show",
    },
    "cli.shift.id": {"id": "nomor shift (show)", "en": "shift number (show)"},
    "cli.shift.float": {"id": "open: modal awal di laci", "en": "open: the opening float"},
    "cli.shift.counted": {
        "id": "close: uang tunai yang dihitung di laci", "en": "close: the cash counted",
    },
    "cli.shift.print": {"id": "cetak laporannya juga", "en": "print the report too"},
    "cli.shift.no_check": {
        "id": "close: jangan cek penjualan ke server", "en": "close: do not check the server",
    },
    "cli.cash": {
        "id": "kas masuk / keluar laci (kas keluar dicatat sebagai biaya di SmartSeller)",
        "en": "cash paid into / out of the drawer (a paid-out is a SmartSeller expense)",
    },
    "cli.cash.direction": {"id": "in atau out", "en": "in or out"},
    "cli.cash.amount": {
        "id": "jumlahnya, misalnya 50000, 50.000 atau 50rb",
        "en": "the amount, for example 50000, 50.000 or 50rb",
    },
    "cli.cash.reason": {"id": "alasannya (wajib)", "en": "the reason (required)"},
    "cli.cash.yes": {
        "id": "out: tetap keluarkan walau melebihi isi laci",
        "en": "out: pay out even more than the drawer should hold",
    },
    "shift.cli.amount": {"id": "JUMLAH", "en": "AMOUNT"},
    "shift.cli.amount_required": {
        "id": "Sebutkan jumlahnya ({name}).", "en": "Give the amount ({name}).",
    },
    "shift.cli.id_required": {
        "id": "Sebutkan nomor shift: sspos shift show NOMOR.",
        "en": "Give the shift number: sspos shift show ID.",
    },
    "shift.cli.opened": {
        "id": "Shift #{id} dibuka di terminal {terminal}, modal awal {amount}.",
        "en": "Shift #{id} opened on terminal {terminal}, opening float {amount}.",
    },
    "shift.cli.not_checked": {
        "id": "Server tidak dapat dicek: {reason}",
        "en": "The server could not be checked: {reason}",
    },
    "shift.cli.none": {"id": "Belum ada shift.", "en": "No shifts yet."},
    "shift.cli.row_open": {
        "id": "#{id}  {opened}  -            {cashier}  modal {amount}  (masih buka)",
        "en": "#{id}  {opened}  -            {cashier}  float {amount}  (still open)",
    },
    "shift.cli.row_closed": {
        "id": "#{id}  {opened}  {closed}  {cashier}  {sales} transaksi {total}"
              "  selisih {over_short}",
        "en": "#{id}  {opened}  {closed}  {cashier}  {sales} sales {total}"
              "  over/short {over_short}",
    },
    "shift.cli.cash_in": {
        "id": "Kas masuk {amount} dicatat.", "en": "Cash paid in: {amount}, recorded.",
    },
    "shift.cli.cash_out_sent": {
        "id": "Kas keluar {amount} dicatat sebagai biaya #{expense} di SmartSeller.",
        "en": "Cash paid out: {amount}, booked as expense #{expense} in SmartSeller.",
    },
    "shift.cli.cash_out_queued": {
        "id": "Kas keluar {amount} dicatat; biayanya menunggu di antrean dan dikirim"
              " otomatis.",
        "en": "Cash paid out: {amount}, recorded; its expense waits in the outbox and is"
              " sent automatically.",
    },
    "shift.cli.cash_out_rejected": {
        "id": "Kas keluar {amount} dicatat, tetapi server menolak biayanya: {error}"
              " (sspos outbox, entri #{id}).",
        "en": "Cash paid out: {amount}, recorded, but the server refused its expense:"
              " {error} (sspos outbox, entry #{id}).",
    },
    "shift.cli.over_drawer_hint": {
        "id": "Tetap keluarkan? Ulangi dengan --yes.",
        "en": "Pay it out anyway? Run it again with --yes.",
    },
    # The TUI (palette entries, dialogs, notices)
    "tui.key.shift_open": {"id": "Buka shift", "en": "Open shift"},
    "tui.key.shift_x": {"id": "Laporan X (shift berjalan)", "en": "X report (current shift)"},
    "tui.key.shift_close": {"id": "Tutup shift (laporan Z)", "en": "Close shift (Z report)"},
    "tui.key.cash_in": {"id": "Kas masuk", "en": "Cash in"},
    "tui.key.cash_out": {"id": "Kas keluar", "en": "Cash out"},
    "tui.key.print_report": {"id": "Cetak", "en": "Print"},
    "tui.shift.amount": {"id": "Jumlah (Rp)", "en": "Amount (Rp)"},
    "tui.shift.reason": {"id": "Alasan", "en": "Reason"},
    "tui.shift.x_title": {"id": "Laporan X - shift #{id}", "en": "X report - shift #{id}"},
    "tui.shift.z_title": {"id": "Laporan Z - shift #{id}", "en": "Z report - shift #{id}"},
    "tui.shift.none_open": {
        "id": "Belum ada shift terbuka. Isi modal awal di laci (Esc: nanti saja).",
        "en": "No shift is open. Enter the opening float (Esc: later).",
    },
    "tui.shift.open_title": {"id": "Buka shift", "en": "Open a shift"},
    "tui.shift.already_open": {
        "id": "Shift #{id} sudah terbuka.", "en": "Shift #{id} is already open.",
    },
    "tui.shift.opened": {
        "id": "Shift #{id} dibuka, modal awal {amount}.",
        "en": "Shift #{id} opened, opening float {amount}.",
    },
    "tui.shift.printing": {"id": "Mencetak laporan…", "en": "Printing the report…"},
    "tui.shift.close_title": {"id": "Tutup shift", "en": "Close the shift"},
    "tui.shift.close_hint": {
        "id": "Hitung uang di laci. Seharusnya {expected}.",
        "en": "Count the cash in the drawer. Expected: {expected}.",
    },
    "tui.shift.checking": {
        "id": "Mencocokkan penjualan dengan server…", "en": "Checking the sales with the server…",
    },
    "tui.shift.cash_in_title": {"id": "Kas masuk ke laci", "en": "Cash into the drawer"},
    "tui.shift.cash_in_done": {"id": "Kas masuk {amount} dicatat.", "en": "Paid in: {amount}."},
    "tui.shift.cash_out_title": {"id": "Kas keluar dari laci", "en": "Cash out of the drawer"},
    "tui.shift.cash_out_hint": {
        "id": "Dicatat sebagai biaya di SmartSeller.",
        "en": "Booked as an expense in SmartSeller.",
    },
    "tui.shift.over_drawer_confirm": {"id": "Tetap keluarkan?", "en": "Pay it out anyway?"},
    "tui.shift.cash_out_done": {
        "id": "Kas keluar {amount} dicatat; biayanya dikirim ke SmartSeller.",
        "en": "Paid out: {amount}; its expense goes to SmartSeller.",
    },
    "tui.key.cancel_order": {"id": "Batalkan", "en": "Cancel order"},
    "tui.orders.cancel_title": {
        "id": "Batalkan {ref}: alasannya?", "en": "Cancel {ref}: the reason?",
    },
    "tui.orders.cancel_confirm": {
        "id": "Batalkan {ref} ({total})? Alasan: {reason}",
        "en": "Cancel {ref} ({total})? Reason: {reason}",
    },
    "tui.orders.cancelled": {
        "id": "Pesanan {ref} dibatalkan di SmartSeller.",
        "en": "Order {ref} cancelled in SmartSeller.",
    },
    "tui.orders.voided": {
        "id": "Penjualan {ref} dibatalkan sebelum terkirim.",
        "en": "Sale {ref} voided before it was sent.",
    },
    "tui.orders.cash_back": {
        "id": "Kembalikan tunai {amount} dari laci.",
        "en": "Hand back {amount} in cash from the drawer.",
    },
    "tui.shift.summary": {
        "id": "{count} transaksi, {total}. Kas seharusnya {expected}.",
        "en": "{count} sales, {total}. Cash expected {expected}.",
    },
    "tui.shift.summary_counted": {
        "id": "Dihitung {counted}, selisih {difference}.",
        "en": "Counted {counted}, difference {difference}.",
    },
    "tui.shift.report_heading": {"id": "Laporan X / Z", "en": "X / Z report"},
    "tui.shift.sold_without_shift": {
        "id": "Penjualan tersimpan, tetapi belum ada shift terbuka: Ctrl+P, Buka shift.",
        "en": "Sale saved, but no shift is open: Ctrl+P, Open shift.",
    },
}
