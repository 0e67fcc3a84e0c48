"""Messages shared by configuration and the CLI."""

MESSAGES = {
    "config.warn.token_exposed": {
        "id": "{path} berisi token API dan bisa dibaca pengguna lain; jalankan: chmod 600 {path}",
        "en": "{path} holds the API token and is readable by other users; run: chmod 600 {path}",
    },
}
