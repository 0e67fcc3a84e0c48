"""Messages of the domain: pricing explanations, payment and sale validation."""

MESSAGES = {
    # Pricing explanations (params: money already formatted as Rp…, quantities as ints).
    "domain.price.tier": {  # {tier}: the price's own name, e.g. "Harga reseller"
        "id": "{tier} untuk kategori {category}: {price}",
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
        "id": (
            "Harga grosir {price} ({range}) tidak berlaku: kategori {category} tanpa akses grosir"
        ),
        "en": (
            "Wholesale price {price} ({range}) not applied: category {category} has no wholesale "
            "access"
        ),
    },
    "domain.price.wholesale_above_own": {
        "id": "Harga grosir {price} ({range}) lebih mahal dari harga pelanggan {own_price}: "
        "harga pelanggan yang berlaku",
        "en": "Wholesale price {price} ({range}) is above the customer's price {own_price}: "
        "the customer's price stands",
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
    "domain.payment.total_zero": {
        "id": "Total Rp0: SmartSeller tidak menerima pesanan tanpa nilai. "
        "Kurangi diskon barang (F7) atau diskon pesanan (F5).",
        "en": "The total is Rp0: SmartSeller accepts no order with nothing to pay. "
        "Reduce the item discount (F7) or the order discount (F5).",
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
    "domain.payment.no_tenders": {
        "id": "Tambahkan pembayaran dulu",
        "en": "Add a tender first",
    },
    "domain.payment.tender_amount": {
        "id": "Jumlah pembayaran {amount} harus lebih dari Rp0",
        "en": "A tender of {amount} must be more than Rp0",
    },
    "domain.payment.split_short": {
        "id": "Pembayaran {handed} kurang {short} dari total {total}",
        "en": "The tenders ({handed}) are {short} short of the total {total}",
    },
    "domain.payment.split_other_over": {
        "id": "Pembayaran non-tunai lebih {over} dari total {total}: "
        "hanya tunai yang ada kembaliannya",
        "en": "The non-cash tenders go {over} over the total {total}: "
        "only cash gives change",
    },
    "domain.payment.split_cash_unneeded": {
        "id": "Pembayaran non-tunai sudah menutup seluruh total: hapus tunai {cash}",
        "en": "The non-cash tenders already pay the whole total: take out the cash {cash}",
    },
    # Client reference.
    "domain.reference.invalid": {
        "id": "Referensi transaksi tidak valid: {reference}",
        "en": "Invalid sale reference: {reference}",
    },
    "domain.reference.time_out_of_range": {
        "id": "Jam sistem tidak masuk akal: {now}",
        "en": "The system clock is out of range: {now}",
    },
    # Sale validation (field = payload path such as products.0.qty).
    "domain.sale.empty_cart": {
        "id": "Keranjang masih kosong",
        "en": "The cart is empty",
    },
    "domain.sale.qty_range": {
        "id": "Jumlah {name} harus 1 sampai {max} (sekarang {qty})",
        "en": "Quantity of {name} must be 1 to {max} (now {qty})",
    },
    "domain.sale.stale_price": {
        "id": "Keranjang berubah setelah dihitung; hitung ulang harga",
        "en": "The cart changed after pricing; price it again",
    },
    "domain.sale.percentage_range": {
        "id": "Persentase {percentage}% harus antara 0 dan 100",
        "en": "Percentage {percentage}% must be between 0 and 100",
    },
    "domain.sale.discount_above_line": {
        "id": "Diskon {discount} melebihi nilai baris {amount}",
        "en": "Discount {discount} is more than the line amount {amount}",
    },
    "domain.sale.amount_negative": {
        "id": "Nilai {amount} tidak boleh negatif",
        "en": "Amount {amount} cannot be negative",
    },
    "domain.sale.cost_name_missing": {
        "id": "Biaya pesanan perlu nama",
        "en": "An order cost needs a name",
    },
    "domain.sale.customer_missing": {
        "id": "Pilih pelanggan terlebih dahulu",
        "en": "Choose a customer first",
    },
    "domain.sale.category_mismatch": {
        "id": "Harga dihitung untuk kategori {category}, pelanggan berkategori {customer}",
        "en": "Prices were computed for category {category}, the customer is {customer}",
    },
    "domain.sale.shipping_missing": {
        "id": "Pilih ekspedisi pengiriman (atau Ambil di Toko)",
        "en": "Choose a shipping expedition (or pickup at shop)",
    },
    "domain.sale.payment_mismatch": {
        "id": "Pembayaran {amount} tidak cocok dengan total {total}",
        "en": "Payment {amount} does not match the total {total}",
    },
    "domain.sale.supplier_missing": {
        "id": "Toko asal (supplier) belum diatur",
        "en": "No origin shop (supplier) configured",
    },
}
