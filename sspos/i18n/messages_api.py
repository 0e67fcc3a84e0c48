"""Messages of the API client and `sspos doctor`."""

MESSAGES = {
    "api.error.unauthorized": {
        "id": "{status} tidak diizinkan — periksa SSPOS_TOKEN",
        "en": "{status} unauthorized — check SSPOS_TOKEN",
    },
    "api.error.rate_limited": {
        "id": "429 terlalu banyak permintaan — coba lagi nanti",
        "en": "429 rate limited — try again later",
    },
    "api.error.server_unavailable": {
        "id": "{status} server SmartSeller tidak tersedia (pemeliharaan?) — coba lagi nanti",
        "en": "{status} SmartSeller server unavailable (maintenance?) — try again later",
    },
    "api.error.unreachable": {
        "id": "tidak dapat terhubung ke {url} — periksa SSPOS_API_URL dan jaringan",
        "en": "cannot connect to {url} — check SSPOS_API_URL and the network",
    },
    "api.error.timeout": {
        "id": "{url} tidak menjawab pada waktunya — server lambat atau jaringan terputus",
        "en": "{url} did not answer in time — a slow server or a broken network",
    },
    "api.error.dropped": {
        "id": "koneksi ke {url} terputus sebelum ada jawaban — periksa jaringan",
        "en": "the connection to {url} broke before an answer — check the network",
    },
    "api.error.contract": {
        "id": "jawaban server tidak sesuai kontrak API pada '{field}': {detail}",
        "en": "response does not match the API contract at '{field}': {detail}",
    },
    "api.error.malformed": {
        "id": "server menjawab bukan dengan data API ({endpoint}: {detail}) — halaman login, "
        "proxy atau gangguan server",
        "en": "the server answered with something that is not API data ({endpoint}: {detail}) — "
        "a login page, a proxy or a server fault",
    },
    "api.error.not_found": {
        "id": "404 tidak ditemukan ({endpoint}) — periksa SSPOS_API_URL",
        "en": "404 not found ({endpoint}) — check SSPOS_API_URL",
    },
    "api.error.record_not_found": {
        "id": "404 tidak ditemukan ({endpoint})",
        "en": "404 not found ({endpoint})",
    },
    "api.error.rejected": {
        "id": "ditolak server: {detail}",
        "en": "rejected by the server: {detail}",
    },
    "api.error.invalid_request": {
        "id": "data tidak valid, tidak dikirim: {detail}",
        "en": "invalid data, not sent: {detail}",
    },
    "api.error.other": {
        "id": "kesalahan API: {detail}",
        "en": "API error: {detail}",
    },
    "api.doctor.unexpected": {
        "id": "kesalahan tak terduga: {detail}",
        "en": "unexpected error: {detail}",
    },
    "api.doctor.not_checked": {
        "id": "tidak diperiksa: server tidak terjangkau",
        "en": "not checked: server unreachable",
    },
}
