"""Messages of the domain: pricing explanations, payment and sale validation."""

MESSAGES = {
    # Pricing explanations (params: money already formatted as Rp…, quantities as ints).
    "domain.price.tier": {
        "id": "Harga {tier} untuk kategori {category}: {price}",
        "en": "{tier} for category {category}: {price}",
    },
    "domain.price.tier_fallback": {
        "id": "Kategori {category}: {tier} kosong, memakai harga normal {price}",
        "en": "Category {category}: no {tier}, using the normal price {price}",
    },
    "domain.price.tier_unknown_category": {
        "id": "Kategori {category} tidak dikenal, memakai harga normal {price}",
        "en": "Unknown category {category}, using the normal price {price}",
    },
    "domain.price.wholesale": {
        "id": "Harga grosir {price} (jumlah {qty}, rentang {range})",
        "en": "Wholesale price {price} (quantity {qty}, band {range})",
    },
    "domain.price.wholesale_no_access": {
        "id": "Harga grosir {price} ({range}) tidak berlaku: kategori {category} tanpa akses grosir",
        "en": "Wholesale price {price} ({range}) not applied: category {category} has no wholesale access",
    },
    "domain.price.discount": {
        "id": "Diskon produk {discount} per item, harga jadi {price}",
        "en": "Product discount {discount} per unit, price becomes {price}",
    },
    "domain.price.discount_no_access": {
        "id": "Diskon produk {discount} tidak berlaku: kategori {category} tanpa akses diskon",
        "en": "Product discount {discount} not applied: category {category} has no discount access",
    },
    "domain.price.discount_not_with_wholesale": {
        "id": "Diskon produk {discount} tidak berlaku bersama harga grosir",
        "en": "Product discount {discount} does not apply on top of a wholesale price",
    },
    "domain.line.discount_nominal": {
        "id": "Diskon baris {amount}",
        "en": "Line discount {amount}",
    },
    "domain.line.discount_percentage": {
        "id": "Diskon baris {percentage}% = {amount}",
        "en": "Line discount {percentage}% = {amount}",
    },
    "domain.line.discount_capped": {
        "id": "Diskon baris melebihi batas, dibatasi menjadi {amount}",
        "en": "Line discount too large, capped at {amount}",
    },
    "domain.cart.pickup": {
        "id": "Ambil di toko: tanpa ongkos kirim",
        "en": "Pickup at shop: no shipping cost",
    },
    "domain.cart.shipping_missing": {
        "id": "Pengiriman belum dipilih",
        "en": "No shipping chosen yet",
    },
    "domain.cart.total_floor": {
        "id": "Diskon {discount} melebihi belanja: total menjadi Rp0",
        "en": "Discount {discount} exceeds the purchase: total is Rp0",
    },
    # Payment.
    "domain.payment.total_negative": {
        "id": "Total {total} tidak boleh negatif",
        "en": "Total {total} cannot be negative",
    },
    "domain.payment.status_unknown": {
        "id": "Status pembayaran tidak dikenal: {status}",
        "en": "Unknown payment status: {status}",
    },
    "domain.payment.bank_required": {
        "id": "Pilih rekening bank untuk pembayaran lunas atau cicilan",
        "en": "Choose a bank account for a paid or installment payment",
    },
    "domain.payment.installment_range": {
        "id": "Cicilan {amount} harus lebih dari Rp0 dan kurang dari total {total}",
        "en": "Installment {amount} must be more than Rp0 and less than the total {total}",
    },
    "domain.payment.tendered_short": {
        "id": "Uang diterima {tendered} kurang {short} dari {amount}",
        "en": "Cash tendered {tendered} is {short} short of {amount}",
    },
}
