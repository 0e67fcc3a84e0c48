"""Messages of terminal identity and live sessions (sspos/terminals.py) and `sspos web`."""

MESSAGES = {
    "terminal.busy": {
        "id": (
            "Terminal {terminal} sudah terbuka di folder data ini ({holder}). Tutup dulu "
            "di sana, atau buka sesi ini dengan id terminal lain: sspos --terminal ID."
        ),
        "en": (
            "Terminal {terminal} is already open on this data folder ({holder}). Close it "
            "there first, or open this session with another terminal id: sspos --terminal ID."
        ),
    },
    "terminal.pool_full": {
        "id": "Semua terminal {first} sampai {last} sedang terbuka; tutup salah satu dulu.",
        "en": "Every terminal from {first} to {last} is open; close one of them first.",
    },
    "terminal.holder.pid": {"id": "pid {pid}", "en": "pid {pid}"},
    "terminal.holder.since": {"id": "sejak {when}", "en": "since {when}"},
    "terminal.holder.login": {"id": "login {value}", "en": "login {value}"},
    "terminal.holder.tty": {"id": "tty {value}", "en": "tty {value}"},
    "terminal.holder.remote": {"id": "dari {value}", "en": "from {value}"},
    "terminal.holder.unknown": {"id": "pemiliknya tidak terbaca", "en": "holder unreadable"},
    # --- sspos web ---------------------------------------------------------------------
    "web.serving": {
        "id": "sspos web: buka {url} di peramban (setiap tab satu terminal). Ctrl+C berhenti.",
        "en": "sspos web: open {url} in a browser (each tab is a terminal). Ctrl+C stops.",
    },
    "web.cannot_listen": {
        "id": "sspos web: tidak bisa mendengarkan di {host}:{port} ({detail}).",
        "en": "sspos web: cannot listen on {host}:{port} ({detail}).",
    },
    "web.needs_public": {
        "id": (
            "--host {host} bisa dijangkau dari mesin lain, padahal mode peramban tidak punya "
            "login. Pakai 127.0.0.1 dengan penerusan port SSH, atau tambahkan --public bila "
            "di belakang proxy yang meminta login."
        ),
        "en": (
            "--host {host} can be reached from other machines, and the browser mode has no "
            "login. Use 127.0.0.1 with SSH port forwarding, or add --public behind a proxy "
            "that asks for a login."
        ),
    },
    "web.public_warning": {
        "id": (
            "PERINGATAN: mode peramban tidak punya login; siapa pun yang menjangkau {host} "
            "bisa berjualan atas nama toko. Taruh di belakang penerusan port SSH "
            "(ssh -L 8000:127.0.0.1:8000 toko) atau proxy yang meminta login."
        ),
        "en": (
            "WARNING: the browser mode has no login; anyone who can reach {host} can sell "
            "as the shop. Put it behind SSH port forwarding (ssh -L 8000:127.0.0.1:8000 shop) "
            "or an authenticating proxy."
        ),
    },
}
