"""The use cases behind a shop's first sale, without a terminal: what the POS remembers,
which account takes cash, which customer a walk-in sale is booked to."""

from __future__ import annotations

import json
import os
import stat
import threading

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.api.models import Bank, Shop, Supplier
from sspos.app.cash_account import choices, find_cash_account, looks_like_cash, remember
from sspos.app.customers import NewCustomer, adopt_created_customers, is_valid_phone
from sspos.app.pos_state import PosState, Remembered
from sspos.app.shop import origin_supplier
from sspos.app.walk_in import (
    WALK_IN_NAME,
    clean_phone,
    find_walk_in,
    look_up_walk_in,
    offer_walk_in,
)
from sspos.domain.catalog import Customer
from sspos.outbox.entries import placeholder_customer_id
from sspos.outbox.queue import Outbox
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, bare_shop, create_app
from sspos.store.customers import CustomerStore

BCA = Bank(bank_id=1, bank_name="BCA", account_number="12345678", holder_name="Budi",
           type="BANK")
BNIS = Bank(bank_id=2, bank_name="BNIS", account_number="87654321", holder_name="Budi",
            type="BANK")
KAS = Bank(bank_id=846, bank_name="Kas Toko", bank_type="cash", type="BANK")
QRIS = Bank(bank_id=850, bank_name="QRIS", type="PAYMENT GATEWAY")


# --- what the POS remembers ---------------------------------------------------------------


def test_state_is_written_atomically_owner_only_and_survives_junk(tmp_path) -> None:
    state = PosState.in_dir(tmp_path)
    assert state.load() == Remembered()
    state.remember(cash_bank_id=2)
    state.remember(walk_in_customer_id=-7)
    assert state.load() == Remembered(walk_in_customer_id=-7, cash_bank_id=2)
    assert stat.S_IMODE(os.stat(state.path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["pos_state.json"]  # no temporary left
    state.path.write_text("{not json", encoding="utf-8")
    assert state.load() == Remembered()
    state.path.write_text(json.dumps({"cash_bank_id": "2", "walk_in_customer_id": True}))
    assert state.load() == Remembered()  # wrong types are not trusted


def test_state_keeps_every_thread_s_answer(tmp_path) -> None:
    state = PosState.in_dir(tmp_path)
    threads = [threading.Thread(target=state.remember, kwargs={"cash_bank_id": 5}),
               threading.Thread(target=state.remember, kwargs={"walk_in_customer_id": 9})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert state.load() == Remembered(walk_in_customer_id=9, cash_bank_id=5)


# --- the cash account -----------------------------------------------------------------


def test_cash_account_rules_in_order() -> None:
    banks = [BCA, BNIS, KAS]
    assert find_cash_account(2, 1, banks).source == "setting"
    assert find_cash_account(2, 1, banks).bank_id == 2
    assert find_cash_account(None, 1, banks).source == "remembered"
    named = find_cash_account(None, None, banks)
    assert (named.bank_id, named.source, named.label) == (846, "named", "Kas Toko")
    # The doc's shop: BCA and BNIS, nothing that looks like a drawer -> ask.
    assert find_cash_account(None, None, [BCA, BNIS]) is None
    # A remembered account the shop deleted is not used; nor are two "cash" accounts.
    assert find_cash_account(None, 99, [BCA, BNIS]) is None
    tunai = Bank(bank_id=3, bank_name="Laci Tunai")
    assert find_cash_account(None, None, [KAS, tunai]) is None
    # Before the first sync nothing is known of the accounts: the remembered one stands.
    assert find_cash_account(None, 2, []).bank_id == 2


@pytest.mark.parametrize(
    ("name", "kind", "cash"),
    [("Kas Toko", None, True), ("CASH drawer", None, True), ("Uang Tunai", None, True),
     ("Toko", "cash", True), ("BCA", "bca", False), ("Kasikorn Bank", None, False),
     ("Bukas", None, False)],
)
def test_what_looks_like_cash(name: str, kind: str | None, cash: bool) -> None:
    assert looks_like_cash(Bank(bank_id=1, bank_name=name, bank_type=kind)) is cash


def test_the_choice_is_remembered_and_banks_come_before_gateways(tmp_path) -> None:
    assert choices([QRIS, BCA, BNIS]) == [BCA, BNIS, QRIS]
    state = PosState.in_dir(tmp_path)
    account = remember(state, BNIS)
    assert (account.bank_id, account.label) == (2, "BNIS · 87654321 · Budi")
    assert find_cash_account(None, state.load().cash_bank_id, [BCA, BNIS]).bank_id == 2


# --- the walk-in customer ---------------------------------------------------------------


def test_offer_comes_from_the_shop_and_its_origin() -> None:
    shop = Shop.model_validate(bare_shop.SHOP)
    supplier = Supplier.model_validate(bare_shop.SUPPLIER)
    assert origin_supplier(shop, [supplier]) is supplier
    offer = offer_walk_in(shop, supplier)
    assert (offer.name, offer.phone, offer.district_id, offer.address, offer.missing) == (
        WALK_IN_NAME, "08123445566", 2087, "Indonesia", ())
    assert offer.district_name == "Cengkareng, Kota Jakarta Barat"
    new = offer.completed()
    assert new.body() == {"name": WALK_IN_NAME, "phone": "08123445566", "district_id": 2087,
                          "address": "Indonesia", "category": "N", "is_active": "Y"}


def test_offer_names_what_the_shop_lacks_and_takes_the_answers() -> None:
    shop = Shop(id=1, shop_name="Tokoku", phone=None, address=" ")
    offer = offer_walk_in(shop, None)
    assert offer.missing == ("phone", "district", "address")
    with pytest.raises(ValueError):
        offer.completed(phone="0812 3456 7890")
    new = offer.completed(phone="0812 3456 7890", district_id=3627, district_name="Tajinan",
                          address="Jl. Pasar 1")
    assert (new.phone, new.district_id, new.address) == ("081234567890", 3627, "Jl. Pasar 1")
    # The active supplier's phone stands in for a shop without one.
    shop = Shop.model_validate(dict(bare_shop.SHOP, phone=""))
    assert offer_walk_in(shop, None).phone == "0812345678"


def test_phone_numbers() -> None:
    assert clean_phone("+62 812-3456 (7890)") == "+6281234567890"
    assert is_valid_phone("081234567890") and is_valid_phone("+6281234567")
    assert not is_valid_phone("0812") and not is_valid_phone("08123abc999")


def test_walk_in_rules_in_order(tmp_path) -> None:
    store = CustomerStore(tmp_path)
    state = PosState.in_dir(tmp_path)
    outbox = Outbox.in_dir(tmp_path)
    assert find_walk_in(None, state, store, outbox) is None
    store.upsert(Customer(customer_id=55, name="pelanggan  umum", phone="0811"))
    found = find_walk_in(None, state, store, outbox)
    assert found is not None and found.customer_id == 55
    assert state.load().walk_in_customer_id == 55  # remembered once found
    assert find_walk_in(77, state, store, outbox).customer_id == 77  # the setting wins
    state.remember(walk_in_customer_id=123)
    remembered = find_walk_in(None, state, store, outbox)
    assert (remembered.customer_id, remembered.name) == (123, WALK_IN_NAME)


def test_a_walk_in_created_offline_gets_its_real_id_once_created(tmp_path) -> None:
    store = CustomerStore(tmp_path)
    state = PosState.in_dir(tmp_path)
    outbox = Outbox.in_dir(tmp_path)
    new = NewCustomer(name=WALK_IN_NAME, phone="0811111111", district_id=2087, address="x")
    entry = outbox.enqueue_customer("T1-C", new.body())
    placeholder = placeholder_customer_id(entry.id)
    store.upsert(new.as_customer(placeholder))
    state.remember(walk_in_customer_id=placeholder)
    assert find_walk_in(None, state, store, outbox).customer_id == placeholder
    assert adopt_created_customers(outbox, store, state) == {}

    outbox.mark_sending(entry.id)
    outbox.mark_customer_created(entry.id, 9001)
    assert adopt_created_customers(outbox, store, state) == {placeholder: 9001}
    assert state.load().walk_in_customer_id == 9001
    assert store.get(placeholder) is None and store.get(9001).name == WALK_IN_NAME
    assert [c.customer_id for c in store.search("pelanggan umum")] == [9001]
    assert store.placeholder_ids() == []


async def test_the_server_s_own_walk_in_is_found_and_an_unreachable_one_is_none() -> None:
    app = create_app(SandboxConfig(seed=7, products=5, customers=10))
    async with SmartSellerClient("http://sandbox/api/open", DEMO_TOKEN,
                                 transport=httpx.ASGITransport(app=app)) as client:
        found = await look_up_walk_in(client)
    assert found is not None and found.name == WALK_IN_NAME and found.customer_id > 0
    bare = create_app(SandboxConfig(shop="bare"))
    async with SmartSellerClient("http://sandbox/api/open", DEMO_TOKEN,
                                 transport=httpx.ASGITransport(app=bare)) as client:
        assert await look_up_walk_in(client) is None
        bare.state.sandbox.faults.down = True
        client.max_retries = 0
        assert await look_up_walk_in(client) is None
