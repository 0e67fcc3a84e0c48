"""Messages of the `sspos` command line: help, argument and settings errors."""

MESSAGES = {
    # --- settings errors (sspos/config.py): one line naming the key ---------------------
    "config.err.env": {"id": "{name}: {problem}{got}", "en": "{name}: {problem}{got}"},
    "config.err.file": {
        "id": "{name} di {path}: {problem}{got}",
        "en": "{name} in {path}: {problem}{got}",
    },
    "config.err.got": {"id": " (tertulis {value})", "en": " (got {value})"},
    "config.err.toml": {
        "id": "{path}: bukan TOML yang sah ({detail})",
        "en": "{path}: not valid TOML ({detail})",
    },
    "config.err.missing_file": {
        "id": "--config: {path} tidak ada",
        "en": "--config: {path} does not exist",
    },
    "config.must.known": {"id": "pengaturan tidak dikenal", "en": "unknown setting"},
    "config.must.missing": {"id": "wajib diisi", "en": "is required"},
    "config.must.table": {"id": "harus tabel TOML", "en": "must be a TOML table"},
    "config.must.terminal_entry": {
        "id": 'harus id terminal ("K1") atau {terminal_id = "K1", cashier = "Ani"}',
        "en": 'must be a terminal id ("K1") or {terminal_id = "K1", cashier = "Ani"}',
    },
    "config.must.one_of": {"id": "harus salah satu dari: {choices}",
                           "en": "must be one of: {choices}"},
    "config.must.gt": {"id": "harus lebih dari {limit}", "en": "must be more than {limit}"},
    "config.must.ge": {"id": "harus paling sedikit {limit}", "en": "must be at least {limit}"},
    "config.must.lt": {"id": "harus kurang dari {limit}", "en": "must be less than {limit}"},
    "config.must.le": {"id": "harus paling banyak {limit}", "en": "must be at most {limit}"},
    "config.must.int": {"id": "harus bilangan bulat", "en": "must be a whole number"},
    "config.must.number": {"id": "harus angka", "en": "must be a number"},
    "config.must.bool": {"id": "harus true atau false", "en": "must be true or false"},
    "config.must.other": {"id": "nilai tidak sah ({detail})", "en": "invalid value ({detail})"},
    "config.must.api_url": {
        "id": "harus URL http(s), misalnya https://api.smartseller.co.id/api/open",
        "en": "must be an http(s) URL such as https://api.smartseller.co.id/api/open",
    },
    "config.must.terminal_id": {
        "id": "harus 1-16 huruf, angka atau '-' (mis. T1)",
        "en": "must be 1-16 letters, digits or '-' (e.g. T1)",
    },
    "config.must.printer": {
        "id": (
            "harus none, dummy:, file:/path, tcp://host:9100, usb://VID:PID, "
            "serial:/dev/ttyUSB0?baudrate=9600 atau cups:ANTREAN"
        ),
        "en": (
            "must be none, dummy:, file:/path, tcp://host:9100, usb://VID:PID, "
            "serial:/dev/ttyUSB0?baudrate=9600 or cups:QUEUE"
        ),
    },
    "config.must.timezone": {
        "id": "harus zona waktu IANA, misalnya Asia/Jakarta",
        "en": "must be an IANA time zone such as Asia/Jakarta",
    },
    # --- argparse's own words -----------------------------------------------------------
    "cli.usage": {"id": "pemakaian: ", "en": "usage: "},
    "cli.error": {"id": "galat", "en": "error"},
    "cli.positionals": {"id": "argumen", "en": "positional arguments"},
    "cli.options": {"id": "pilihan", "en": "options"},
    "cli.help": {"id": "tampilkan bantuan ini lalu keluar", "en": "show this help and exit"},
    "cli.version": {"id": "tampilkan versi lalu keluar", "en": "show the version and exit"},
    "cli.metavar.command": {"id": "PERINTAH", "en": "COMMAND"},
    "cli.metavar.path": {"id": "BERKAS", "en": "PATH"},
    "cli.metavar.seconds": {"id": "DETIK", "en": "SECONDS"},
    "cli.metavar.action": {"id": "TINDAKAN", "en": "ACTION"},
    "cli.metavar.id": {"id": "NOMOR", "en": "ID"},
    "cli.metavar.text": {"id": "TEKS", "en": "TEXT"},
    "cli.argparse.unrecognized": {
        "id": "argumen tidak dikenal: {args}",
        "en": "unrecognized arguments: {args}",
    },
    "cli.argparse.invalid_choice": {
        "id": "pilihan tidak sah: {value} (pilih dari {choices})",
        "en": "invalid choice: {value} (choose from {choices})",
    },
    "cli.argparse.invalid_value": {
        "id": "nilai {kind} tidak sah: {value}",
        "en": "invalid {kind} value: {value}",
    },
    "cli.argparse.expected_one": {"id": "perlu satu nilai", "en": "expected one argument"},
    "cli.argparse.required": {
        "id": "argumen ini wajib: {args}",
        "en": "the following arguments are required: {args}",
    },
    "cli.argparse.not_allowed_with": {
        "id": "tidak boleh bersama argumen {name}",
        "en": "not allowed with argument {name}",
    },
    "cli.argparse.argument": {
        "id": "argumen {name}: {message}",
        "en": "argument {name}: {message}",
    },
    # --- the commands -------------------------------------------------------------------
    "cli.description": {
        "id": (
            "Kasir (point of sale) untuk toko SmartSeller. Tanpa token berjalan dalam mode "
            "demo dengan sandbox bawaan."
        ),
        "en": (
            "Point of sale for SmartSeller shops. Without a token it runs in demo mode "
            "against an embedded sandbox."
        ),
    },
    "cli.config": {
        "id": "berkas pengaturan yang dibaca (bawaan: {path})",
        "en": "config file to read (default: {path})",
    },
    "cli.terminal": {
        "id": (
            "id terminal sesi ini (mendahului SSPOS_TERMINAL_ID, tabel [terminals] dan "
            "terminal_id)"
        ),
        "en": (
            "this session's terminal id (before SSPOS_TERMINAL_ID, the [terminals] table "
            "and terminal_id)"
        ),
    },
    "cli.terminal_pool": {
        "id": "ambil terminal bebas pertama dari AWALAN1 sampai AWALAN99 (mis. W: W1, W2…)",
        "en": "take the first free terminal of PREFIX1 to PREFIX99 (e.g. W: W1, W2…)",
    },
    "cli.terminal_pool.must": {
        "id": "harus 1-{max} huruf, angka atau '-' (mis. W)",
        "en": "must be 1-{max} letters, digits or '-' (e.g. W)",
    },
    "cli.metavar.prefix": {"id": "AWALAN", "en": "PREFIX"},
    "cli.web": {
        "id": "sajikan kasir ke peramban (setiap tab satu terminal: W1, W2…)",
        "en": "serve the POS to a browser (each tab its own terminal: W1, W2…)",
    },
    "cli.web.host": {
        "id": "alamat yang didengarkan (selain loopback hanya dengan --public)",
        "en": "address to listen on (other than loopback only with --public)",
    },
    "cli.web.public": {
        "id": "izinkan alamat selain loopback (mode peramban tidak punya login)",
        "en": "allow an address other than loopback (the browser mode has no login)",
    },
    "cli.web.no_terminal": {
        "id": "--terminal untuk satu sesi; tab peramban mendapat W1, W2… (--terminal-pool)",
        "en": "--terminal is for one session; browser tabs get W1, W2… (--terminal-pool)",
    },
    "cli.pos": {"id": "jalankan kasir (bawaan)", "en": "run the POS (the default)"},
    "cli.demo": {
        "id": "jalankan kasir dengan sandbox bawaan, walau ada token",
        "en": "run the POS against the embedded sandbox, even with a token",
    },
    "cli.sandbox": {
        "id": "sajikan sandbox tiruan SmartSeller lewat HTTP",
        "en": "serve the SmartSeller-compatible sandbox over HTTP",
    },
    "cli.sandbox.host": {"id": "alamat yang didengarkan", "en": "address to listen on"},
    "cli.sandbox.port": {"id": "port yang didengarkan", "en": "port to listen on"},
    "cli.sandbox.products": {
        "id": "jumlah produk toko demo", "en": "catalog size of the demo shop (products)"},
    "cli.sandbox.seed": {"id": "benih data demo", "en": "demo data seed"},
    "cli.sandbox.token": {
        "id": "token bearer yang diterima (bawaan: token demo)",
        "en": "bearer token to accept (default: the demo token)",
    },
    "cli.sandbox.shop": {
        "id": (
            "demo: toko demo lengkap; bare: hanya isi contoh dokumen API (tanpa pelanggan "
            "umum, tanpa rekening kas)"
        ),
        "en": (
            "demo: the full demo shop; bare: only what the API doc's examples hold (no "
            "walk-in customer, no cash account)"
        ),
    },
    "cli.doctor": {
        "id": "periksa pengaturan, setiap endpoint API dan kesiapan toko untuk berjualan",
        "en": "check the configuration, every API endpoint and whether the shop is ready",
    },
    "cli.deadline": {
        "id": "batas waktu seluruh pemeriksaan, detik (bawaan {seconds})",
        "en": "deadline for all the checks, seconds (default {seconds})",
    },
    "cli.setup": {
        "id": "perbaiki yang ditemukan doctor, dengan bertanya (pelanggan umum, rekening kas…)",
        "en": "fix what doctor finds, asking first (walk-in customer, cash account…)",
    },
    "cli.setup.yes": {
        "id": "jangan bertanya: pakai jawaban bawaan",
        "en": "do not ask: take the defaults",
    },
    "cli.sync": {
        "id": "unduh katalog, pelanggan dan data referensi sekarang",
        "en": "download the catalog, customers and reference data now",
    },
    "cli.sync.accept_shrink": {
        "id": "pakai katalog yang jauh lebih kecil dari yang sekarang (toko memang berkurang)",
        "en": "publish a catalog much smaller than the one in use (the shop really shrank)",
    },
    "cli.sandbox.db": {
        "id": "file SQLite untuk datanya (pesanan tetap ada setelah dijalankan ulang)",
        "en": "SQLite file for its state (orders survive a restart)",
    },
    "cli.outbox": {
        "id": "lihat atau tangani penjualan yang menunggu dikirim",
        "en": "list or act on sales waiting to be submitted",
    },
    "cli.outbox.action": {"id": "list, retry atau void", "en": "list, retry or void"},
    "cli.outbox.id": {"id": "nomor entri antrean (retry, void)",
                      "en": "outbox entry id (retry, void)"},
    "cli.outbox.all": {"id": "list: juga entri yang sudah terkirim atau dibatalkan",
                       "en": "list: also entries already submitted or voided"},
    "cli.outbox.reason": {
        "id": "alasan pembatalan (disimpan di log)",
        "en": "why the sale is voided (kept in the log)",
    },
    "cli.print_test": {
        "id": "cetak struk uji di printer yang diatur",
        "en": "print a test receipt on the configured printer",
    },
    "cli.use_demo": {
        "id": "pakai sandbox bawaan, bukan API",
        "en": "use the embedded sandbox instead of the API",
    },
    "cli.unknown_command": {"id": "perintah tidak dikenal: {name}",
                            "en": "unknown command: {name}"},
}
