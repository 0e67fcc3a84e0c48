"""One typed settings object, read from `config.toml` and `SSPOS_*` environment variables.

Order of precedence: environment, then the config file (`--config PATH` or the user config
dir), then defaults. No token means demo mode (the embedded sandbox).
"""

from __future__ import annotations

import logging
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

log = logging.getLogger(__name__)

APP_NAME = "sspos"
DEFAULT_API_URL = "https://api.smartseller.co.id/api/open"
ENV_PREFIX = "SSPOS_"
Lang = Literal["id", "en"]
PRINTER_SCHEMES = ("none", "dummy", "file", "tcp", "usb", "serial", "cups")


class ConfigError(Exception):
    """A configuration value is invalid: one line naming the key, in either language
    (`message(lang)`; `str()` is English). `key`/`params` are the i18n message."""

    def __init__(
        self, key: str, *, problem: tuple[str, dict[str, Any]] | None = None, **params: Any
    ) -> None:
        self.key = key
        self.problem = problem  # what is wrong with the value: (i18n key, params)
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The line for the user, in `lang`."""
        from sspos.i18n import t  # late: the catalog is only needed to report an error

        params = dict(self.params)
        if self.problem is not None:
            problem_key, problem_params = self.problem
            params["problem"] = t(problem_key, lang, **problem_params)
        if "got" in params:
            params["got"] = t("config.err.got", lang, value=params["got"]) if params["got"] else ""
        return t(self.key, lang, **params)


def valid_terminal_id(value: str) -> bool:
    """True for 1-16 letters, digits or '-' (a terminal id goes into every order's note)."""
    return bool(value) and len(value) <= 16 and value.replace("-", "").isalnum()


def _check_terminal_id(value: str) -> str:
    if not valid_terminal_id(value):
        raise ValueError("config.must.terminal_id")
    return value


TerminalId = Annotated[str, AfterValidator(_check_terminal_id)]


class TerminalEntry(BaseModel):
    """One login's row of the `[terminals]` table: which terminal it is, who sells there."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    terminal_id: TerminalId
    cashier: str = ""

    @model_validator(mode="before")
    @classmethod
    def _terminal_only(cls, value: Any) -> Any:
        """`ani = "K1"` is short for `ani = {terminal_id = "K1"}`."""
        return {"terminal_id": value} if isinstance(value, str) else value


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


@dataclass(frozen=True)
class Notice:
    """A warning found while reading the settings (a token file others can read…):
    logged, and shown by the POS when it starts."""

    key: str
    params: dict[str, str]

    def message(self, lang: str) -> str:
        """The warning in `lang`."""
        from sspos.i18n import t

        return t(self.key, lang, **self.params)


class Settings(BaseModel):
    """Everything the POS can be told. Field names are the config-file keys; the
    environment variable is the upper-cased name with the `SSPOS_` prefix."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    _notices: tuple[Notice, ...] = PrivateAttr(default=())

    @property
    def startup_notices(self) -> tuple[Notice, ...]:
        """Warnings found while the settings were read (see `Notice`)."""
        return self._notices

    api_url: str = DEFAULT_API_URL
    token: SecretStr | None = None
    lang: Literal["id", "en"] = "id"
    data_dir: Path = Field(default_factory=default_data_dir)
    terminal_id: TerminalId = "T1"
    printer: str = "none"
    paper: Literal[58, 80] = 80
    timezone: str = "Asia/Jakarta"
    # Beyond the issue's list: what a shop tunes once and forgets.
    cashier: str = ""
    cash_bank_id: int | None = None  # the bank account that stands for the cash drawer
    walk_in_customer_id: int | None = None  # the customer a walk-in sale is booked to
    receipt_footer: str = "Terima kasih atas kunjungan Anda"
    printer_profile: str = "TM-T20II"
    printer_timeout: float = Field(default=3.0, gt=0, le=60)
    qr_native: bool = False
    drawer_kick: bool = True
    # At start with no shift open, ask for the opening float (off: a shop that does not
    # count its drawer; shifts stay available from Ctrl+P and `sspos shift`).
    shift_prompt: bool = True
    theme: Literal["dark", "light"] = "dark"
    # How often the POS refreshes its catalog in the background (0: only on demand).
    sync_interval_minutes: int = Field(default=30, ge=0, le=24 * 60)
    # A sync (sspos sync, or the POS's refresh) that runs longer than this gives up.
    sync_timeout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # Keep the next sync's child process started (~32 MB of its own per session, no CPU
    # while it waits), so a refresh begins at once (off: a box short of memory).
    sync_spare_child: bool = True
    # Remapped keys by binding id (see the README's keymap): {"sale.pay" = "f12"}.
    keymap: dict[str, str] = Field(default_factory=dict)
    # Login name -> terminal id and cashier, for several terminals on one box (see
    # `sspos.terminals`): {ani = {terminal_id = "K1", cashier = "Ani"}}.
    terminals: dict[str, TerminalEntry] = Field(default_factory=dict)
    # Write each key action to the log (which key did what, when): for support and tests.
    log_actions: bool = False

    @field_validator("api_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("config.must.api_url")
        return value.rstrip("/")

    @field_validator("token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("paper", mode="before")
    @classmethod
    def _paper_from_text(cls, value: Any) -> Any:
        return int(value) if isinstance(value, str) and value.strip().isdigit() else value

    @field_validator("printer")
    @classmethod
    def _check_printer(cls, value: str) -> str:
        scheme = value.split(":", 1)[0].lower()
        if scheme not in PRINTER_SCHEMES:
            raise ValueError("config.must.printer")
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("config.must.timezone") from None
        return value

    @property
    def demo_mode(self) -> bool:
        """No token: run against the embedded sandbox."""
        return self.token is None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def paper_columns(self) -> int:
        return 32 if self.paper == 58 else 48


def _env_values(environ: Mapping[str, str]) -> dict[str, str]:
    known = Settings.model_fields
    values = {}
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX):
            key = name[len(ENV_PREFIX) :].lower()
            if key in known:
                values[key] = value
    return values


def _key_name(key: str, from_env: bool) -> str:
    return ENV_PREFIX + key.upper() if from_env else key


def config_path_for(config_path: Path | None, environ: Mapping[str, str]) -> Path:
    """The config file read: `--config`, else `SSPOS_CONFIG`, else the user config dir."""
    return config_path or Path(environ.get("SSPOS_CONFIG", "") or default_config_path())


def preferred_lang(config_path: Path | None, environ: Mapping[str, str]) -> Lang:
    """The language to speak before the settings are read (help, settings errors):
    `SSPOS_LANG`, else `lang` in the config file, else Indonesian. Never raises: a broken
    config file still gets its error in the language it asks for, if it can be read."""
    wanted = environ.get(ENV_PREFIX + "LANG", "").strip().lower()
    if wanted not in ("id", "en"):
        try:
            text = config_path_for(config_path, environ).read_text(encoding="utf-8")
            wanted = str(tomllib.loads(text).get("lang", "")).strip().lower()
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            wanted = ""
    return "en" if wanted == "en" else "id"


# pydantic's bound of a number -> the message for a value past it.
_BOUND_KEYS = {
    "gt": "config.must.gt",
    "ge": "config.must.ge",
    "lt": "config.must.lt",
    "le": "config.must.le",
}


def _problem(error: Any, key: str) -> tuple[str, dict[str, Any]]:
    """The i18n message (key, params) for one pydantic error of setting `key`."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error" and str(ctx.get("error", "")).startswith("config.must."):
        return str(ctx["error"]), {}
    if kind == "extra_forbidden":
        return "config.must.known", {}
    if kind == "missing":
        return "config.must.missing", {}
    if kind == "dict_type":
        return "config.must.table", {}
    if kind == "model_type" and key == "terminals":
        return "config.must.terminal_entry", {}
    if kind == "literal_error":
        choices = get_args(Settings.model_fields[key].annotation)
        return "config.must.one_of", {"choices": ", ".join(str(c) for c in choices)}
    for bound, bound_key in _BOUND_KEYS.items():
        if bound in ctx:
            return bound_key, {"limit": f"{ctx[bound]:g}"}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return "config.must.int", {}
    if kind in ("float_parsing", "float_type"):
        return "config.must.number", {}
    if kind in ("bool_parsing", "bool_type"):
        return "config.must.bool", {}
    return "config.must.other", {"detail": error["msg"]}


def token_file_exposed(path: Path) -> bool:
    """True when the config file holds the token and others may read it (`chmod 600`)."""
    if os.name != "posix":
        return False
    try:
        holds_token = "token" in tomllib.loads(path.read_text(encoding="utf-8"))
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return holds_token and bool(mode & (stat.S_IRGRP | stat.S_IROTH))


def load_settings(
    config_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the config file (if any) and the environment; raise ConfigError on bad values."""
    environ = os.environ if environ is None else environ
    path = config_path_for(config_path, environ)
    file_values: dict[str, Any] = {}
    notices: list[Notice] = []
    if path.exists():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError("config.err.toml", path=str(path), detail=str(exc)) from None
        if token_file_exposed(path):
            notices.append(Notice("config.warn.token_exposed", {"path": str(path)}))
    elif config_path is not None:
        raise ConfigError("config.err.missing_file", path=str(path))
    env_values = _env_values(environ)
    merged = {**file_values, **env_values}
    try:
        settings = Settings(**merged)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else "?"
        from_env = key in env_values
        raise ConfigError(
            "config.err.env" if from_env else "config.err.file",
            problem=_problem(error, key),
            # A nested key by its path in the file: terminals.ani.terminal_id
            name=_key_name(key, from_env) if from_env else ".".join(map(str, error["loc"])),
            path=str(path),
            got="" if key == "token" else repr(error.get("input")),  # never echo the token
        ) from None
    for notice in notices:  # stderr until logging is set up; the POS shows them too
        log.warning("%s", notice.message("en"))
    settings._notices = tuple(notices)
    return settings
