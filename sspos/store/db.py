"""The local SQLite catalog file: where it lives, its schema, and how it is swapped.

Layout under the data dir::

    catalog/CURRENT                     one line: the file name of the live database
    catalog/catalog-<stamp>.sqlite      the live database (WAL mode) and its -wal/-shm
    catalog/sync.lock                   held while a sync builds a new database

A full sync builds a complete new database file beside the live one and then publishes
it by atomically replacing `CURRENT` (`os.replace` after fsync). We swap a pointer
rather than renaming the database over the old one because a WAL database owns the
`<name>-wal` and `<name>-shm` files by *name*: renaming a new database onto a name whose
old WAL is still open would let SQLite replay the old WAL into the new file. A killed
sync therefore leaves `CURRENT` untouched, and the old catalog complete.

Threading model: every store object (`Catalog`, `CustomerStore`, `ReferenceData`) owns
one `Database`, i.e. one sqlite3 connection opened with `check_same_thread=False` and
guarded by a lock, so Textual thread workers may call it from any thread; calls are
serialised (each is a few milliseconds at most). Before each call the `Database` stats
`CURRENT` and reopens when a sync has published a new file, so a running POS sees a
finished sync on its next search.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sspos.domain.text import clean_text
from sspos.locks import FileLock, write_transaction

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
CATALOG_DIR = "catalog"
CURRENT_FILE = "CURRENT"
LOCK_FILE = "sync.lock"
DOWNLOAD_LOCK_FILE = "download.lock"
DB_PREFIX = "catalog-"
DB_SUFFIX = ".sqlite"

# Sorts after every character SQLite can hold, so `key < prefix + TOP` bounds a prefix range.
TOP = "\U0010ffff"
# Separates name and variant in sort keys; sorts before every printable character.
KEY_SEP = "\x1f"

WORD_PATTERN = re.compile(r"[^\W_]+")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS products (
    product_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    product_type TEXT NOT NULL,
    category_id INTEGER,
    category_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    discount INTEGER NOT NULL DEFAULT 0,
    weight INTEGER NOT NULL DEFAULT 0,
    wholesale TEXT NOT NULL DEFAULT '[]',
    refreshed_at TEXT
);

-- seq is assigned in sort-key order when a sync builds the file, so the FTS index
-- (rowid = seq) returns matches alphabetically and a LIMIT stops early.
CREATE TABLE IF NOT EXISTS variants (
    seq INTEGER PRIMARY KEY,
    variant_id INTEGER NOT NULL UNIQUE,
    product_id INTEGER NOT NULL,
    product_name TEXT NOT NULL,
    variant_name TEXT NOT NULL,
    sku TEXT NOT NULL,
    barcode TEXT,
    price INTEGER NOT NULL,
    price_reseller INTEGER,
    tier_prices TEXT NOT NULL DEFAULT '{}',
    discount INTEGER NOT NULL DEFAULT 0,
    weight INTEGER NOT NULL DEFAULT 0,
    product_status TEXT NOT NULL DEFAULT 'S',
    stock INTEGER,
    cost_price INTEGER NOT NULL DEFAULT 0,
    wholesale TEXT NOT NULL DEFAULT '[]',
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL,
    sku_key TEXT NOT NULL DEFAULT '',
    barcode_key TEXT NOT NULL DEFAULT '',
    stock_checked_at TEXT
);
CREATE INDEX IF NOT EXISTS variants_sort ON variants(sort_key);
CREATE INDEX IF NOT EXISTS variants_product ON variants(product_id);

-- Scanner lookups: folded SKU and barcode -> variant, one B-tree probe.
CREATE TABLE IF NOT EXISTS codes (code TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS variants_fts USING fts5(
    search_text, content='variants', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', columnsize=0
);

CREATE TABLE IF NOT EXISTS customers (
    customer_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    category_code TEXT NOT NULL DEFAULT 'N',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    district_id INTEGER,
    district_name TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL,
    phone_key TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL,
    local INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);
CREATE INDEX IF NOT EXISTS customers_sort ON customers(sort_key);
CREATE INDEX IF NOT EXISTS customers_phone ON customers(phone_key);
CREATE VIRTUAL TABLE IF NOT EXISTS customers_fts USING fts5(
    search_text, content='customers', content_rowid='customer_id',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);

-- Reference lists (banks, expeditions, ...): one JSON document per row, in server order.
CREATE TABLE IF NOT EXISTS reference (
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, position)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS customer_categories (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    wholesale_access INTEGER NOT NULL DEFAULT 0,
    discount_access INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS regions (
    region_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    search_text TEXT NOT NULL
);
"""


# --- text folding -------------------------------------------------------------------


#: The longest text a search looks at: far more than a cashier types or a scanner sends
#: (names are kept to 300 characters); a pasted page of text costs no more than this.
MAX_QUERY_CHARS = 100


def query_text(text: str) -> str:
    """What a search looks for: the typed text without controls or lone surrogates (which
    SQLite cannot take), cut to MAX_QUERY_CHARS."""
    return clean_text(text[: 2 * MAX_QUERY_CHARS])[:MAX_QUERY_CHARS]


def fold(text: str) -> str:
    """Text as search compares it: accents removed, case folded, whitespace collapsed."""
    if text.isascii():  # the common case, ~20x cheaper than normalising
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def tokens(text: str) -> list[str]:
    """The search words of `text` (folded; split like SQLite's unicode61 tokenizer)."""
    return WORD_PATTERN.findall(fold(text))


def fts_prefix_query(words: list[str]) -> str:
    """An FTS5 query matching rows that contain a word starting with each of `words`."""
    # Words come from `tokens`, so they hold only letters and digits: quoting is enough.
    return " ".join(f'"{word}"*' for word in words)


def utc_now() -> datetime:
    """Now, in UTC (a function so tests can see where time enters)."""
    return datetime.now(UTC)


# --- files ----------------------------------------------------------------------------


def catalog_dir(data_dir: Path) -> Path:
    """The directory holding the catalog databases under `data_dir`."""
    return Path(data_dir) / CATALOG_DIR


def current_db_path(data_dir: Path) -> Path | None:
    """The live catalog database file, or None when no catalog was ever published."""
    directory = catalog_dir(data_dir)
    try:
        name = (directory / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name or "/" in name or "\\" in name:
        log.warning("ignoring a damaged catalog pointer %r", name)
        return None
    return directory / name


def new_db_path(data_dir: Path) -> Path:
    """A fresh, unused file name for a database being built."""
    directory = catalog_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    for attempt in range(1000):
        path = directory / f"{DB_PREFIX}{stamp}-{os.getpid()}-{attempt}{DB_SUFFIX}"
        if not path.exists():
            return path
    raise FileExistsError(f"no free catalog file name in {directory}")


def _fsync_path(path: Path, directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if directory:  # some platforms cannot open directories; the rename still happened
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not directory:
            raise
    finally:
        os.close(fd)


def publish(data_dir: Path, db_path: Path) -> None:
    """Make the complete database `db_path` the live catalog, atomically.

    The caller has committed and closed every connection to `db_path`.
    """
    directory = catalog_dir(data_dir)
    _fsync_path(db_path)
    pointer_tmp = directory / f"{CURRENT_FILE}.tmp-{os.getpid()}"
    with open(pointer_tmp, "w", encoding="utf-8") as handle:
        handle.write(db_path.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, directory / CURRENT_FILE)
    _fsync_path(directory, directory=True)


def remove_stale_files(data_dir: Path, keep: set[Path]) -> None:
    """Delete catalog databases (and their WAL files) that are neither live nor in `keep`.

    A POS still reading an old file keeps its open descriptors (POSIX); it reopens the
    live file on its next call anyway. Failures (e.g. Windows file locks) are ignored.
    """
    directory = catalog_dir(data_dir)
    current = current_db_path(data_dir)
    keep_names = {p.name for p in keep} | ({current.name} if current else set())
    for path in directory.glob(f"{DB_PREFIX}*"):
        base = path.name.split(DB_SUFFIX)[0] + DB_SUFFIX
        if base in keep_names:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
    for path in directory.glob(f"{CURRENT_FILE}.tmp-*"):
        with contextlib.suppress(OSError):
            path.unlink()


def sync_lock(data_dir: Path) -> FileLock:
    """The lock a sync holds while it builds a new database, so two never build at once
    (`acquire()` without waiting: False when another process or thread has it)."""
    directory = catalog_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return FileLock(directory / LOCK_FILE)


def download_lock(data_dir: Path) -> FileLock:
    """The lock a session holds from deciding to download a catalog until its sync ends,
    so that two sessions starting together download once (a sync in a child process
    takes `sync_lock` only once the child is up, a moment after the decision)."""
    directory = catalog_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return FileLock(directory / DOWNLOAD_LOCK_FILE)


# --- connections ----------------------------------------------------------------------


def open_connection(path: Path) -> sqlite3.Connection:
    """A connection usable from any thread (callers serialise with a lock)."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10.0)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -8000")  # 8 MB page cache: the hot index pages fit
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def create_database(path: Path, *, bulk: bool = False) -> sqlite3.Connection:
    """Create the schema in a new file; `bulk` turns off journaling while a sync builds it."""
    conn = open_connection(path)
    if bulk:
        # The file is private until published; if we die, it is simply discarded.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -32000")
    else:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(SCHEMA)
    if bulk:
        # No merging of index segments while rows arrive: `finish` merges them all once.
        conn.execute("INSERT INTO variants_fts(variants_fts, rank) VALUES ('automerge', 0)")
    set_meta(conn, "schema_version", str(SCHEMA_VERSION))
    return conn


def finish_bulk_database(conn: sqlite3.Connection) -> None:
    """Turn a bulk-built database into a normal WAL database and close it."""
    conn.execute("INSERT INTO variants_fts(variants_fts, rank) VALUES ('automerge', 4)")
    conn.execute("PRAGMA optimize")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def rows_by_key(
    conn: sqlite3.Connection, select: str, keys: list[Any]
) -> dict[Any, tuple[Any, ...]]:
    """`select` (ending in `WHERE column`) run for `column IN keys`, as {first column: row}:
    a search fetches its hits in one query, then puts them back in its own order."""
    marks = ",".join("?" * len(keys))
    return {row[0]: row for row in conn.execute(f"{select} IN ({marks})", keys)}


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Store one metadata value."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    """Read one metadata value, or None."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def ensure_catalog(data_dir: Path) -> Path:
    """The live catalog file, creating and publishing an empty one on first use.

    While a sync holds the lock (the very first sync), an empty private file is returned
    unpublished, so it can never replace what that sync is about to publish; readers
    move to the synced file when the pointer appears.
    """
    current = current_db_path(data_dir)
    if current is not None and current.exists():
        return current
    lock = sync_lock(data_dir)
    if not lock.acquire():
        path = new_db_path(data_dir)
        create_database(path).close()
        return path
    try:
        current = current_db_path(data_dir)
        if current is not None and current.exists():
            return current
        path = new_db_path(data_dir)
        create_database(path).close()
        publish(data_dir, path)
        return path
    finally:
        lock.release()


class Database:
    """One shared connection to the live catalog, following swaps made by a sync.

    `location` is the data dir (the live file is found through `catalog/CURRENT`) or a
    path to a `.sqlite` file (used as is, never swapped). All access goes through
    `read()`/`write()`, which hold a lock: safe from any thread.
    """

    def __init__(self, location: Path | str) -> None:
        location = Path(location)
        self._fixed: Path | None = location if location.suffix == DB_SUFFIX else None
        self._data_dir = location
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._path: Path | None = None
        self._pointer_id: tuple[int, int, int] | None = None

    @property
    def path(self) -> Path | None:
        """The file currently open (None before first use)."""
        return self._path

    def _pointer_identity(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(catalog_dir(self._data_dir) / CURRENT_FILE)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _connection(self) -> sqlite3.Connection:
        if self._fixed is not None:
            if self._conn is None:
                existed = self._fixed.exists()
                self._conn = (
                    create_database(self._fixed) if not existed else open_connection(self._fixed)
                )
                if existed:
                    self._conn.execute("PRAGMA journal_mode = WAL")
                self._path = self._fixed
            return self._conn
        identity = self._pointer_identity()
        if self._conn is None or identity != self._pointer_id:
            path = ensure_catalog(self._data_dir)
            if identity is None:
                identity = self._pointer_identity()
            if path != self._path or self._conn is None:
                if self._conn is not None:
                    self._conn.close()
                    log.info("catalog swapped: now reading %s", path.name)
                self._conn = open_connection(path)
                self._path = path
            self._pointer_id = identity
        return self._conn

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The live connection, held exclusively for the duration of the block."""
        with self._lock:
            yield self._connection()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Like `read`, inside a transaction committed at the end (rolled back on error)."""
        with self._lock, write_transaction(self._connection()) as conn:
            yield conn

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._path = None
            self._pointer_id = None


def as_database(location: Path | str | Database) -> Database:
    """Accept a data dir, a `.sqlite` path or an existing `Database`."""
    return location if isinstance(location, Database) else Database(location)


def dumps(value: object) -> str:
    """Compact JSON for the JSON columns."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
