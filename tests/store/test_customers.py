"""Customer search, local customers across syncs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sspos.domain.catalog import Customer
from sspos.store.customers import CustomerStore, phone_key
from sspos.store.sync import full_sync, install_catalog

PEOPLE = [
    Customer(
        1, "Budi Santoso", "Y", "0812-3456-7890", "Jl. Melati No. 5", 3627, "Tajinan", "65172"
    ),
    Customer(
        2, "Siti Budiarti", "N", "+62 813 1111 2222", "Perum Griya Asri Blok C", 3167, "Blimbing"
    ),
    Customer(3, "Andi Wijaya", "1", "085700001111", "Jl. Budi Utomo 12", 3168, "Kedungkandang"),
    Customer(4, "Zoë Ñuñez", "N", "081299990000", "Jl. Kenanga", None, ""),
]


@pytest.fixture
def store(data_dir: Path) -> CustomerStore:
    install_catalog(data_dir, [], customers=PEOPLE)
    return CustomerStore(data_dir)


def ids(found: list[Customer]) -> list[int]:
    return [c.customer_id for c in found]


def test_name_prefix_first_then_other_words(store: CustomerStore) -> None:
    # "Budi Santoso" starts with it; Siti Budiarti and Jl. Budi Utomo match a later word.
    assert ids(store.search("budi")) == [1, 2, 3]
    assert ids(store.search("budi s")) == [1, 2]


def test_phone_in_any_format_finds_the_customer(store: CustomerStore) -> None:
    assert ids(store.search("081234567890")) == [1]
    assert ids(store.search("0813 1111 2222")) == [2]
    assert ids(store.search("+6281311112222")) == [2]
    assert ids(store.search("0857")) == [3]  # a prefix, as typed
    assert phone_key("+62 812-34") == "081234"


def test_address_and_district_words(store: CustomerStore) -> None:
    assert ids(store.search("griya asri")) == [2]
    assert ids(store.search("tajinan")) == [1]
    assert ids(store.search("kenanga")) == [4]


def test_accents_and_case(store: CustomerStore) -> None:
    assert ids(store.search("zoe nunez")) == [4]
    assert ids(store.search("ZOË")) == [4]


def test_get_limit_and_empty(store: CustomerStore) -> None:
    assert store.get(3) == PEOPLE[2]
    assert store.get(99) is None
    assert len(store.search("jl", limit=2)) == 2
    assert store.search("") == []


async def test_a_customer_made_here_survives_the_next_sync(
    data_dir, sandbox_factory, client_for
) -> None:
    client = client_for(sandbox_factory(products=60))
    await full_sync(client, data_dir)
    store = CustomerStore(data_dir)
    made_here = Customer(
        777_001, "Pelanggan Baru Toko", "N", "081200000001", "Jl. Baru 1", 3627, "Tajinan"
    )
    store.upsert(made_here)
    assert ids(store.search("pelanggan baru")) == [777_001]

    await full_sync(client, data_dir)  # the server does not know it (yet)
    assert store.get(777_001) == made_here
    assert ids(store.search("081200000001")) == [777_001]
