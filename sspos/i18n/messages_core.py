"""Messages shared by configuration and the CLI."""

MESSAGES = {
    "demo_mode": {
        "id": "Mode demo: tidak ada token SmartSeller, memakai sandbox bawaan.",
        "en": "Demo mode: no SmartSeller token, using the embedded sandbox.",
    },
}
