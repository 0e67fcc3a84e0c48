"""Sample receipts for the printing tests: hand-built `ReceiptData` for the golden layouts
(stable whatever pricing does) and real carts priced by `price_cart` / `settle`."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sspos.domain.cart import Cart, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo, WholesaleBand
from sspos.printing.receipt import (
    ReceiptAdjustment,
    ReceiptData,
    ReceiptItem,
    ReceiptParty,
    ReceiptTender,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
SOLD_AT = datetime(2026, 11, 28, 14, 5, tzinfo=JAKARTA)

EVIL_NAME = "Kaos\x1bp\x00\x19\xfa Evil\x1dV\x00 Tee"
EVIL_NAME_PRINTED = "Kaosu EvilV Tee"  # ESC p (drawer kick) goes whole; GS is a lone control


def counter_cash(lang: str = "id") -> ReceiptData:
    """A walk-in counter sale paid in cash with change."""
    return ReceiptData(
        lang=lang,
        shop_name="Toko Sejahtera",
        shop_address="Jl. Mangkubumi 12, Yogyakarta",
        shop_phone="0274-555123",
        reference="PO-2026-000123",
        issued_at=SOLD_AT,
        tz_name="WIB",
        cashier="Ani",
        items=(
            ReceiptItem(
                name="Kaos Polos Hitam", variant="XL", sku="KP-XL", qty=2,
                unit_price=75_000, gross=150_000, total=150_000, list_price=75_000,
            ),
            ReceiptItem(
                name="Topi Baseball", variant="", sku="TB-1", qty=1,
                unit_price=1_250_000, gross=1_250_000, total=1_250_000, list_price=1_250_000,
            ),
        ),
        subtotal=1_400_000,
        total=1_400_000,
        payment_status="PAID",
        paid=1_400_000,
        is_cash=True,
        tendered=1_500_000,
        change=100_000,
        footer="Terima kasih atas kunjungan Anda",
        qr_payload="PO-2026-000123",
    )


def shipping_installment(lang: str = "id") -> ReceiptData:
    """Long and non-ASCII names, wholesale and tier labels, discounts, shipping with a
    courier, an installment, an AWB, a pending reference, a note, a two-line footer."""
    return ReceiptData(
        lang=lang,
        shop_name="Toko Sejahtera Abadi Sentosa Makmur",
        shop_address="Jl. Mangkubumi No. 12 RT 03/RW 04, Gowongan, Jetis, Yogyakarta 55233",
        shop_phone="0274-555123 / 0812-3456-7890",
        reference="T1-01JD3Z8K2M4N6P8Q0R2S4T6V8X",
        reference_pending=True,
        issued_at=SOLD_AT,
        tz_name="WIB",
        cashier="Siti Nurhaliza binti Abdullah",
        customer=ReceiptParty(
            name="Café Señor Müller 😀", phone="081234567890",
            address="Jl. Kaliurang Km 5,6 Gg. Pandega Marta No. 17",
            area="Caturtunggal, Depok, Sleman 55281",
        ),
        customer_category="Reseller",
        items=(
            ReceiptItem(
                name="Kaos Polos Premium Cotton Combed 30s Ekstra Panjang Sekali Namanya",
                variant="Hitam / XL", sku="KP-01", qty=12, unit_price=110_000,
                gross=1_320_000, total=1_188_000, list_price=115_000, tier_name="Reseller",
                wholesale_from=10, wholesale_to=49, discount=132_000, discount_percent=10,
            ),
            ReceiptItem(
                name="Kopi Arabika Gayo ☕ «Spesial» – 250g", variant="Biji / Medium Roast",
                sku="KA-250", qty=1, unit_price=80_000, gross=80_000, total=75_000,
                list_price=85_000, tier_name="Reseller", product_discount=5_000,
                discount=5_000,
            ),
            ReceiptItem(
                name="SuperKalifragilistikEkspialidosiusProdukTanpaSpasiSamaSekali",
                variant="", sku="X", qty=3, unit_price=1_000, gross=3_000, total=3_000,
                list_price=1_000, wholesale_from=3, wholesale_to=None,
            ),
        ),
        subtotal=1_266_000,
        adjustments=(
            ReceiptAdjustment(name="Diskon member", category="DISCOUNT", amount=-10_000),
            ReceiptAdjustment(name="Asuransi pengiriman", category="INSURANCE", amount=2_500),
        ),
        courier="J&T Express EZ",
        shipping_cost=18_000,
        total=1_276_500,
        payment_status="INSTALLMENT",
        paid=500_000,
        is_cash=False,
        payment_method="BCA 1234567890",
        remaining=776_500,
        awb="JP1234567890123456789",
        note="Tolong dibungkus kado, jangan sampai\nbasah",
        footer="Terima kasih\nBarang yang sudah dibeli tidak dapat ditukar/dikembalikan",
        qr_payload="T1-01JD3Z8K2M4N6P8Q0R2S4T6V8X",
    )


def many_lines(lang: str = "id") -> ReceiptData:
    """25 item lines, a dropship receiver, unpaid, reprinted."""
    items = tuple(
        ReceiptItem(
            name=f"Produk nomor {n:02d}", variant=f"Varian {n % 3}", sku=f"P{n:02d}", qty=n,
            unit_price=1_000 * n, gross=1_000 * n * n, total=1_000 * n * n,
            list_price=1_000 * n,
        )
        for n in range(1, 26)
    )
    subtotal = sum(item.total for item in items)
    return ReceiptData(
        lang=lang,
        shop_name="Grosir",
        reference="PO-2026-009999",
        issued_at=SOLD_AT,
        tz_name="WIB",
        cashier="Budi",
        customer=ReceiptParty(name="Dewi Lestari", phone="0811111111"),
        customer_category="Dropshipper",
        receiver=ReceiptParty(
            name="Pak Joko", phone="0822222222", address="Jl. Pemuda 1", area="Semarang 50132"
        ),
        items=items,
        subtotal=subtotal,
        adjustments=(ReceiptAdjustment(name="Biaya packing", category="OTHER COST", amount=5_000),),
        courier="SiCepat REG",
        shipping_cost=24_000,
        total=subtotal + 29_000,
        payment_status="UNPAID",
        remaining=subtotal + 29_000,
        qr_payload="PO-2026-009999",
        reprint=True,
    )


def split_tender(lang: str = "id") -> ReceiptData:
    """The counter sale paid in three tenders: cash (with change), a card, a wallet."""
    return replace(
        counter_cash(lang),
        tendered=300_000,
        change=50_000,
        tenders=(
            ReceiptTender("", 250_000, is_cash=True),
            ReceiptTender("BCA", 1_000_000),
            ReceiptTender("QRIS Dompet Digital Nusantara", 150_000),
        ),
    )


SCENARIOS = {
    "counter_cash": counter_cash,
    "split_tender": split_tender,
    "shipping_installment": shipping_installment,
    "many_lines": many_lines,
}

# ---------------------------------------------------------------- real domain objects

RESELLER = CustomerCategory(code="Y", name="Reseller", wholesale_access=True, discount_access=True)
WALK_IN = CustomerCategory(code="N", name="Umum")

KAOS = VariantInfo(
    variant_id=1, product_id=10, product_name="Kaos Polos Combed 30s", variant_name="Hitam / L",
    sku="KP-L", price=125_000, price_reseller=115_000, weight=200,
    wholesale=(WholesaleBand(10, 49, 110_000), WholesaleBand(50, None, 100_000)),
)
KOPI = VariantInfo(
    variant_id=2, product_id=11, product_name="Kopi Señor ☕", variant_name="",
    sku="KS", price=85_000, price_reseller=80_000, discount=5_000, weight=250,
)
BUDI = Customer(
    customer_id=5, name="Budi Santoso", category_code="Y", phone="081234567890",
    address="Jl. Malioboro 1", district_id=1, district_name="Gedongtengen", postal_code="55271",
)
SITI = Customer(
    customer_id=6, name="Siti", phone="0899", address="Jl. Pemuda 2",
    district_name="Semarang Tengah", postal_code="50132",
)


def reseller_cart(*, ship: bool = True, dropship: bool = False) -> Cart:
    """Budi (reseller) buys 12 kaos (a wholesale band) with 10% off and one kopi."""
    cart = Cart(sender=BUDI)
    cart.add(KAOS, 12)
    cart.set_discount(KAOS.variant_id, LineDiscount("PERCENTAGE", 10))
    cart.add(KOPI, 1)
    cart.costs.append(OrderCost("Diskon member", "DISCOUNT", "NOMINAL", 10_000))
    if ship:
        cart.shipping = Shipping(expedition_id=1, name="JNE", rate=18_000, service="REG")
    if dropship:
        cart.receiver = SITI
    return cart


UTC_SOLD_AT = datetime(2026, 11, 28, 7, 5, tzinfo=UTC)  # 14:05 WIB
