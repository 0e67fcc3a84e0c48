"""Settings: file + environment, env wins, one-line errors, masked token, permission warning."""

from __future__ import annotations

import logging

import pytest

from sspos.config import DEFAULT_API_URL, ConfigError, load_settings
from sspos.logs import setup_logging


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_mean_demo_mode(tmp_path):
    settings = load_settings(environ={})
    assert settings.demo_mode
    assert settings.api_url == DEFAULT_API_URL
    assert (settings.lang, settings.paper, settings.timezone) == ("id", 80, "Asia/Jakarta")
    assert settings.paper_columns == 48


def test_file_then_environment_env_wins(tmp_path):
    config = write(tmp_path / "c.toml", 'lang = "en"\npaper = 58\nterminal_id = "K2"\n')
    settings = load_settings(config, environ={"SSPOS_PAPER": "80", "SSPOS_TOKEN": "abc"})
    assert settings.lang == "en"  # from the file
    assert settings.paper == 80  # env beats the file
    assert settings.terminal_id == "K2"
    assert not settings.demo_mode


def test_token_is_masked_everywhere(tmp_path):
    settings = load_settings(environ={"SSPOS_TOKEN": "s3cr3t-token-value"})
    assert "s3cr3t" not in repr(settings)
    assert "s3cr3t" not in str(settings)
    assert "s3cr3t" not in settings.model_dump_json()


@pytest.mark.parametrize(
    ("env", "english", "indonesian"),
    [
        (
            {"SSPOS_PAPER": "57"},
            "SSPOS_PAPER: must be one of: 58, 80 (got 57)",
            "SSPOS_PAPER: harus salah satu dari: 58, 80 (tertulis 57)",
        ),
        (
            {"SSPOS_LANG": "fr"},
            "SSPOS_LANG: must be one of: id, en (got 'fr')",
            "SSPOS_LANG: harus salah satu dari: id, en (tertulis 'fr')",
        ),
        (
            {"SSPOS_PRINTER": "lpt1"},
            "SSPOS_PRINTER: must be none, dummy:",
            "SSPOS_PRINTER: harus none, dummy:",
        ),
        (
            {"SSPOS_TIMEZONE": "Mars/Olympus"},
            "SSPOS_TIMEZONE: must be an IANA time zone",
            "SSPOS_TIMEZONE: harus zona waktu IANA",
        ),
        (
            {"SSPOS_API_URL": "ftp://x"},
            "SSPOS_API_URL: must be an http(s) URL",
            "SSPOS_API_URL: harus URL http(s)",
        ),
        (
            {"SSPOS_TERMINAL_ID": "kasir satu"},
            "SSPOS_TERMINAL_ID: must be 1-16",
            "SSPOS_TERMINAL_ID: harus 1-16 huruf",
        ),
        (
            {"SSPOS_PRINTER_TIMEOUT": "0"},
            "SSPOS_PRINTER_TIMEOUT: must be more than 0 (got '0')",
            "SSPOS_PRINTER_TIMEOUT: harus lebih dari 0 (tertulis '0')",
        ),
        (
            {"SSPOS_SYNC_INTERVAL_MINUTES": "soon"},
            "SSPOS_SYNC_INTERVAL_MINUTES: must be a whole number",
            "SSPOS_SYNC_INTERVAL_MINUTES: harus bilangan bulat",
        ),
        (
            {"SSPOS_QR_NATIVE": "perhaps"},
            "SSPOS_QR_NATIVE: must be true or false",
            "SSPOS_QR_NATIVE: harus true atau false",
        ),
    ],
)
def test_invalid_values_are_one_line_errors_naming_the_key(env, english, indonesian):
    with pytest.raises(ConfigError) as info:
        load_settings(environ=env)
    assert str(info.value) == info.value.message("en")
    for lang, expected in (("en", english), ("id", indonesian)):
        message = info.value.message(lang)
        assert message.startswith(expected)
        assert "\n" not in message


def test_invalid_file_value_names_key_and_file(tmp_path):
    config = write(tmp_path / "c.toml", "paper = 100\n")
    with pytest.raises(ConfigError, match=r"^paper in .*c\.toml: must be one of: 58, 80"):
        load_settings(config, environ={})


def test_unknown_key_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="colour.*unknown setting"):
        load_settings(write(tmp_path / "a.toml", 'colour = "red"\n'), environ={})
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path / "b.toml", "paper = \n"), environ={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_bad_token_value_is_never_echoed(tmp_path):
    config = write(tmp_path / "c.toml", "token = 12345678\n")
    with pytest.raises(ConfigError) as info:
        load_settings(config, environ={})
    assert "12345678" not in str(info.value) and "12345678" not in info.value.message("id")


def test_world_readable_token_file_warns(tmp_path, caplog):
    config = write(tmp_path / "c.toml", 'token = "abc"\n')
    config.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        load_settings(config, environ={})
    assert "chmod 600" in caplog.text
    assert "abc" not in caplog.text
    caplog.clear()
    config.chmod(0o600)
    with caplog.at_level(logging.WARNING):
        load_settings(config, environ={})
    assert "chmod 600" not in caplog.text


def test_log_file_scrubs_the_token_and_is_private(tmp_path):
    settings = load_settings(
        environ={"SSPOS_TOKEN": "tok-SECRET-42", "SSPOS_DATA_DIR": str(tmp_path / "d")}
    )
    path = setup_logging(settings)
    try:
        logging.getLogger("sspos.test").warning("header was Bearer %s", "tok-SECRET-42")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text()
        assert "Bearer ***" in text and "SECRET" not in text
        assert path.stat().st_mode & 0o077 == 0
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_sspos", False)]:
            root.removeHandler(handler)
            handler.close()


def test_keymap_from_the_config_file(tmp_path):
    config = write(tmp_path / "c.toml", '[keymap]\n"sale.pay" = "f12"\n')
    assert load_settings(config, environ={}).keymap == {"sale.pay": "f12"}
    assert load_settings(environ={}).keymap == {}


def test_start_up_warnings_reach_the_log_file(tmp_path):
    from sspos.logs import setup_logging

    config = write(
        tmp_path / "c.toml", f'token = "abc"\ndata_dir = "{tmp_path / "d"}"\nlang = "id"\n'
    )
    config.chmod(0o644)
    settings = load_settings(config, environ={})
    assert [n.message("id") for n in settings.startup_notices] == [
        f"{config} berisi token API dan bisa dibaca pengguna lain; jalankan: chmod 600 {config}"
    ]
    log_text = setup_logging(settings).read_text(encoding="utf-8")
    assert "readable by other users; run: chmod 600" in log_text and "abc" not in log_text
    config.chmod(0o600)
    assert load_settings(config, environ={}).startup_notices == ()
