"""sspos — a keyboard-driven point-of-sale terminal for SmartSeller shops."""

__version__ = "0.1.0"
