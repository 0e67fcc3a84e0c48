"""Messages of the embedded SmartSeller sandbox (server answers and the `sspos sandbox` banner).

Validation texts follow the wording of the SmartSeller doc's examples (Laravel style);
`{attribute}` is the field path with underscores shown as spaces.
"""

MESSAGES = {
    "sandbox.unauthorized": {
        "id": "Token API tidak valid.",
        "en": "Unauthenticated. Your API key is wrong.",
    },
    "sandbox.rate_limited": {
        "id": "Terlalu banyak permintaan. Pelan-pelan!",
        "en": "Too Many Requests. Slow down!",
    },
    "sandbox.server_error": {
        "id": "Terjadi kesalahan pada server. Coba lagi nanti.",
        "en": "Internal Server Error. Try again later.",
    },
    "sandbox.maintenance": {
        "id": "Server sedang dalam pemeliharaan.",
        "en": "Service Unavailable. We are in maintenance.",
    },
    "sandbox.not_found": {"id": "Data tidak ditemukan.", "en": "Not Found."},
    "sandbox.endpoint_not_found": {
        "id": "Endpoint tidak ditemukan.",
        "en": "The specified endpoint could not be found.",
    },
    "sandbox.method_not_allowed": {"id": "Metode tidak diizinkan.", "en": "Method Not Allowed."},
    "sandbox.bad_json": {
        "id": "Body permintaan bukan JSON yang valid.",
        "en": "The request body is not valid JSON.",
    },
    "sandbox.success": {"id": "Berhasil", "en": "Success"},
    "sandbox.order_created": {"id": "Order berhasil dibuat", "en": "Order created"},
    "sandbox.awb_updated": {
        "id": "Nomor resi telah diperbarui",
        "en": "Awb number has been updated",
    },
    "sandbox.payment_updated": {"id": "Pembayaran diperbarui", "en": "Payment Updated"},
    "sandbox.order_canceled": {"id": "Order telah dibatalkan", "en": "Order has been Canceled"},
    "sandbox.customer_created": {"id": "Pelanggan berhasil dibuat", "en": "Customer created"},
    "sandbox.v.required": {
        "id": "Kolom {attribute} wajib diisi.",
        "en": "The {attribute} field is required.",
    },
    "sandbox.v.required_if": {
        "id": "Kolom {attribute} wajib diisi bila {other} adalah {value}.",
        "en": "The {attribute} field is required when {other} is {value}.",
    },
    "sandbox.v.integer": {
        "id": "{attribute} harus berupa bilangan bulat.",
        "en": "The {attribute} must be an integer.",
    },
    "sandbox.v.boolean": {
        "id": "{attribute} harus bernilai true atau false.",
        "en": "The {attribute} field must be true or false.",
    },
    "sandbox.v.string": {
        "id": "{attribute} harus berupa teks.",
        "en": "The {attribute} must be a string.",
    },
    "sandbox.v.array": {
        "id": "{attribute} harus berupa daftar.",
        "en": "The {attribute} must be an array.",
    },
    "sandbox.v.object": {
        "id": "{attribute} harus berupa objek.",
        "en": "The {attribute} must be an object.",
    },
    "sandbox.v.date_format": {
        "id": "{attribute} tidak sesuai format {format}.",
        "en": "The {attribute} does not match the format {format}.",
    },
    "sandbox.v.in": {
        "id": "{attribute} yang dipilih tidak valid.",
        "en": "The selected {attribute} is invalid.",
    },
    "sandbox.v.exists": {
        "id": "{attribute} yang dipilih tidak valid.",
        "en": "The selected {attribute} is invalid.",
    },
    "sandbox.v.min": {
        "id": "{attribute} minimal {min}.",
        "en": "The {attribute} must be at least {min}.",
    },
    "sandbox.v.max": {
        "id": "{attribute} tidak boleh lebih dari {max}.",
        "en": "The {attribute} must not be greater than {max}.",
    },
    "sandbox.v.max_length": {
        "id": "{attribute} tidak boleh lebih dari {max} karakter.",
        "en": "The {attribute} must not be greater than {max} characters.",
    },
    "sandbox.v.status_mismatch": {
        "id": "{attribute} harus salah satu dari nilai berikut : {values}",
        "en": "The {attribute} must be one of the following value : {values}",
    },
    "sandbox.v.stock": {
        "id": "Stok tidak cukup untuk {attribute}: tersedia {stock}.",
        "en": "The {attribute} must not be greater than the available stock ({stock}).",
    },
    "sandbox.v.paid_amount": {
        "id": "{attribute} minimal total order {total}.",
        "en": "The {attribute} must be at least the order total {total}.",
    },
    "sandbox.v.installment_amount": {
        "id": "{attribute} tidak boleh lebih dari total order {total}.",
        "en": "The {attribute} must not be greater than the order total {total}.",
    },
    "sandbox.v.order_paid": {"id": "Order sudah lunas", "en": "Order has been paid"},
    "sandbox.v.order_canceled": {"id": "Order sudah dibatalkan", "en": "Order has been canceled"},
    "sandbox.v.amount_remaining": {
        "id": "Jumlah melebihi sisa tagihan order ini",
        "en": "Amount is more than amount remaining of this order",
    },
    "sandbox.banner": {
        "id": (
            "Sandbox SmartSeller berjalan di {url}\nToken: {token}\nGangguan: {admin}/faults "
            "(dengan token yang sama; tetap terbuka saat 'down')\n{products} produk, {variants} "
            "varian ({shop}). Ctrl+C untuk berhenti."
        ),
        "en": (
            "SmartSeller sandbox serving at {url}\nToken: {token}\nFaults: {admin}/faults (same "
            "bearer token; stays open while 'down')\n{products} products, {variants} variants "
            "({shop}). Ctrl+C to stop."
        ),
    },
    "sandbox.shop.demo": {"id": "toko demo, seed {seed}", "en": "demo shop, seed {seed}"},
    "sandbox.shop.bare": {
        "id": "toko polos: hanya isi contoh dokumen API",
        "en": "bare shop: only what the API doc's examples hold",
    },
}
