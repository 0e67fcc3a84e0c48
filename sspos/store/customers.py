"""Local customer cache: search by name, phone and address words, as the cashier types.

Ranking, like the catalog: an exact phone number first, then names starting with the
text, then rows where every word starts some word of name, phone, address or district.
Case and accents are ignored. Customers live in the same file as the catalog, so a
sync swaps them in together; customers created on this terminal (`upsert`) are marked
local and carried over into the next synced file if the server did not return them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, Customer
from sspos.store.db import (
    TOP,
    Database,
    as_database,
    fold,
    fts_prefix_query,
    query_text,
    rows_by_key,
    tokens,
    utc_now,
)

SEARCH_LIMIT_MAX = 200
_NON_DIGIT = re.compile(r"\D")
_PHONE_LIKE = re.compile(r"[\d\s+\-().]+")

_COLUMNS = (
    "customer_id, name, category_code, phone, address, district_id, district_name, postal_code"
)


def phone_key(phone: str) -> str:
    """A phone number reduced to compare: digits only, +62/62 written as a leading 0."""
    digits = _NON_DIGIT.sub("", phone)
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def _row(customer: Customer, local: bool) -> tuple[object, ...]:
    phone = phone_key(customer.phone)
    words = tokens(
        f"{customer.name} {customer.phone} {phone} {customer.address} {customer.district_name}"
    )
    return (
        customer.customer_id,
        customer.name,
        customer.category_code or WALK_IN_CATEGORY_CODE,
        customer.phone,
        customer.address,
        customer.district_id,
        customer.district_name,
        customer.postal_code,
        f"{fold(customer.name)}\x1f{customer.customer_id:012d}",
        phone,
        " ".join(dict.fromkeys(words)),
        1 if local else 0,
        utc_now().isoformat(),
    )


def _customer(row: tuple) -> Customer:  # type: ignore[type-arg]
    customer_id, name, code, phone, address, district_id, district_name, postal_code = row
    return Customer(
        customer_id=customer_id,
        name=name,
        category_code=code,
        phone=phone,
        address=address,
        district_id=district_id,
        district_name=district_name,
        postal_code=postal_code,
    )


def write_customers(
    conn: sqlite3.Connection, customers: Iterable[Customer], *, local: bool = False
) -> int:
    """Insert or replace customers (and their search index) in an open transaction."""
    count = 0
    for customer in customers:
        old = conn.execute(
            "SELECT search_text FROM customers WHERE customer_id = ?", (customer.customer_id,)
        ).fetchone()
        if old:
            conn.execute(
                "INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', "
                "?, ?)",
                (customer.customer_id, old[0]),
            )
        row = _row(customer, local)
        conn.execute(f"INSERT OR REPLACE INTO customers VALUES ({', '.join('?' * len(row))})", row)
        conn.execute(
            "INSERT INTO customers_fts(rowid, search_text) VALUES (?, ?)", (row[0], row[10])
        )
        count += 1
    return count


def local_customers(conn: sqlite3.Connection) -> list[Customer]:
    """Customers created on this terminal (carried across syncs)."""
    return [_customer(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM customers WHERE local = 1")]


class CustomerStore:
    """Customers for the sale screen, from any thread. `path`: data dir or `.sqlite` file."""

    def __init__(self, path: Path | str | Database) -> None:
        self._db = as_database(path)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def search(self, text: str, limit: int = 20) -> list[Customer]:
        """Customers matching a name, phone or address text, best first, at most `limit`."""
        limit = max(0, min(limit, SEARCH_LIMIT_MAX))
        text = query_text(text)
        query = fold(text)
        words = tokens(text)
        if not query or limit == 0:
            return []
        order: list[int] = []

        def take(ids: Iterable[int]) -> None:
            for customer_id in ids:
                if customer_id not in order and len(order) < limit:
                    order.append(customer_id)

        with self._db.read() as conn:
            phone = phone_key(text)
            if len(phone) >= 4 and _PHONE_LIKE.fullmatch(text.strip()):
                take(
                    r[0]
                    for r in conn.execute(
                        "SELECT customer_id FROM customers WHERE phone_key = ? LIMIT ?",
                        (phone, limit),
                    )
                )
            take(
                r[0]
                for r in conn.execute(
                    "SELECT customer_id FROM customers WHERE sort_key >= ? AND sort_key < ? "
                    "ORDER BY sort_key LIMIT ?",
                    (query, query + TOP, limit),
                )
            )
            if words and len(order) < limit:
                take(
                    r[0]
                    for r in conn.execute(
                        "SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? ORDER BY "
                        "rowid LIMIT ?",
                        (fts_prefix_query(words), limit + len(order)),
                    )
                )
            if not order:
                return []
            rows = rows_by_key(conn, f"SELECT {_COLUMNS} FROM customers WHERE customer_id", order)
        return [_customer(rows[i]) for i in order if i in rows]

    def get(self, customer_id: int) -> Customer | None:
        """The customer with this id, or None."""
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM customers WHERE customer_id = ?", (customer_id,)
            ).fetchone()
        return _customer(row) if row else None

    def upsert(self, customer: Customer) -> None:
        """Store a customer created or edited on this terminal (kept across syncs)."""
        with self._db.write() as conn:
            write_customers(conn, [customer], local=True)

    def placeholder_ids(self) -> list[int]:
        """Ids of customers created here that still wait in the outbox (negative ids)."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT customer_id FROM customers WHERE customer_id < 0 ORDER BY customer_id"
            ).fetchall()
        return [int(r[0]) for r in rows]

    def replace_id(self, old_id: int, new_id: int) -> Customer | None:
        """Give a customer the server's id once it has one; returns it (None if unknown)."""
        with self._db.write() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS}, search_text FROM customers WHERE customer_id = ?", (old_id,)
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "INSERT INTO customers_fts(customers_fts, rowid, search_text)"
                " VALUES ('delete', ?, ?)",
                (old_id, row[-1]),
            )
            conn.execute("DELETE FROM customers WHERE customer_id = ?", (old_id,))
            customer = replace(_customer(tuple(row[:-1])), customer_id=new_id)
            write_customers(conn, [customer], local=True)
        return customer

    def count(self) -> int:
        """How many customers are cached."""
        with self._db.read() as conn:
            return int(conn.execute("SELECT count(*) FROM customers").fetchone()[0])
