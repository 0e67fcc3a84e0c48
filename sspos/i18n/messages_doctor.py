"""Messages of `sspos doctor` and `sspos setup`."""

MESSAGES = {
    # endpoint checks
    "doctor.check.shop": {"id": "toko", "en": "shop"},
    "doctor.check.users": {"id": "pengguna", "en": "users"},
    "doctor.check.suppliers": {"id": "pemasok", "en": "suppliers"},
    "doctor.check.warehouses": {"id": "gudang", "en": "warehouses"},
    "doctor.check.customer_categories": {"id": "kategori pelanggan", "en": "customer categories"},
    "doctor.check.customers": {"id": "pelanggan", "en": "customers"},
    "doctor.check.regions": {"id": "wilayah", "en": "regions"},
    "doctor.check.products": {"id": "produk", "en": "products"},
    "doctor.check.product_variations": {"id": "varian produk", "en": "product variations"},
    "doctor.check.expeditions": {"id": "ekspedisi", "en": "expeditions"},
    "doctor.check.active_expeditions": {"id": "ekspedisi aktif", "en": "active expeditions"},
    "doctor.check.banks": {"id": "rekening", "en": "bank accounts"},
    "doctor.check.order_sources": {"id": "sumber pesanan", "en": "order sources"},
    "doctor.check.order_costs": {"id": "biaya pesanan", "en": "order costs"},
    "doctor.check.custom_couriers": {"id": "kurir toko", "en": "shop couriers"},
    # readiness checks
    "doctor.check.config_file": {"id": "berkas pengaturan", "en": "config file"},
    "doctor.check.data_folder": {"id": "folder data", "en": "data folder"},
    "doctor.check.time_zone": {"id": "zona waktu", "en": "time zone"},
    "doctor.check.catalog": {"id": "katalog", "en": "catalog"},
    "doctor.check.walk_in": {"id": "pelanggan umum", "en": "walk-in customer"},
    "doctor.check.cash_account": {"id": "rekening tunai", "en": "cash account"},
    "doctor.check.printer": {"id": "printer", "en": "printer"},
    "doctor.check.origin_district": {"id": "kecamatan asal", "en": "origin district"},
    "doctor.check.couriers": {"id": "kurir aktif", "en": "active couriers"},
    "doctor.check.order_sources_active": {
        "id": "sumber pesanan aktif", "en": "active order sources",
    },
    "doctor.header": {
        "id": "sspos {version} doctor — pengaturan terbaca, API: {api}, data: {data}",
        "en": "sspos {version} doctor — settings read, API: {api}, data: {data}",
    },
    "doctor.demo_sandbox": {"id": "sandbox demo", "en": "demo sandbox"},
    "doctor.status.ok": {"id": "BAIK", "en": "OK"},
    "doctor.status.warn": {"id": "AWAS", "en": "WARN"},
    "doctor.status.fail": {"id": "GAGAL", "en": "FAIL"},
    "doctor.deadline": {
        "id": "tidak ada jawaban dalam batas waktu {seconds} detik",
        "en": "no answer within the {seconds} s deadline",
    },
    "doctor.not_checked_deadline": {
        "id": "tidak diperiksa: batas waktu {seconds} detik habis",
        "en": "not checked: the {seconds} s deadline passed",
    },
    "doctor.fix.deadline": {
        "id": (
            "server menerima sambungan tetapi tidak menjawab; periksa SSPOS_API_URL dan "
            "jaringan."
        ),
        "en": (
            "the server accepts connections but does not answer; check SSPOS_API_URL and "
            "the network."
        ),
    },
    "doctor.fix.connect": {
        "id": "perbaiki dulu kesalahan API di atas.",
        "en": "fix the API errors above first.",
    },
    # config file
    "doctor.config_file.none": {
        "id": "{path} tidak ada (pengaturan dari variabel lingkungan)",
        "en": "{path} does not exist (settings from the environment)",
    },
    "doctor.config_file.ok": {"id": "{path}", "en": "{path}"},
    "doctor.config_file.exposed": {
        "id": "{path} menyimpan token dan bisa dibaca pengguna lain",
        "en": "{path} holds the token and other users can read it",
    },
    "doctor.fix.config_file": {
        "id": "jalankan: chmod 600 {path} (sspos setup melakukannya).",
        "en": "run: chmod 600 {path} (sspos setup does it).",
    },
    # data folder
    "doctor.data_folder.ok": {"id": "{path} bisa ditulisi", "en": "{path} is writable"},
    "doctor.data_folder.fail": {
        "id": "{path} tidak bisa ditulisi ({detail})",
        "en": "{path} is not writable ({detail})",
    },
    "doctor.fix.data_folder": {
        "id": "beri pengguna ini izin tulis ke folder itu, atau atur SSPOS_DATA_DIR.",
        "en": "give this user write access to that folder, or set SSPOS_DATA_DIR.",
    },
    # time zone
    "doctor.time_zone.ok": {
        "id": "{zone} (UTC{offset}, sekarang {time})",
        "en": "{zone} (UTC{offset}, now {time})",
    },
    # catalog
    "doctor.catalog.never": {"id": "belum pernah disinkron", "en": "never synced"},
    "doctor.catalog.old": {
        "id": "{count} varian, disinkron {hours} jam lalu",
        "en": "{count} variants, synced {hours} h ago",
    },
    "doctor.catalog.ok": {
        "id": "{count} varian, disinkron {hours} jam lalu",
        "en": "{count} variants, synced {hours} h ago",
    },
    "doctor.fix.catalog": {
        "id": "jalankan sspos sync (kasir juga menyinkronkan saat pertama dibuka).",
        "en": "run sspos sync (the POS also syncs when first opened).",
    },
    # walk-in customer
    "doctor.walk_in.ok": {"id": "{name} (#{id})", "en": "{name} (#{id})"},
    "doctor.walk_in.queued": {
        "id": "{name} dibuat offline, menunggu dikirim",
        "en": "{name} created offline, waiting to be sent",
    },
    "doctor.walk_in.unknown_setting": {
        "id": "walk_in_customer_id {id} tidak ada di daftar pelanggan lokal",
        "en": "walk_in_customer_id {id} is not in the local customer list",
    },
    "doctor.walk_in.missing": {
        "id": "tidak ada pelanggan bernama “{name}”",
        "en": "no customer named “{name}”",
    },
    "doctor.fix.walk_in": {
        "id": (
            "sspos setup membuatnya dari data toko, atau penjualan pertama tanpa pelanggan "
            "menawarkannya."
        ),
        "en": (
            "sspos setup creates it from the shop's details, or the first walk-in sale "
            "offers to."
        ),
    },
    "doctor.fix.walk_in_ask": {
        "id": (
            "sspos setup membuatnya, atau penjualan pertama menawarkannya; data toko tidak "
            "memuat: {fields}, jadi akan ditanyakan."
        ),
        "en": (
            "sspos setup creates it, or the first walk-in sale offers to; the shop's details "
            "lack: {fields}, so it asks for them."
        ),
    },
    "doctor.field.phone": {"id": "telepon", "en": "phone"},
    "doctor.field.district": {"id": "kecamatan", "en": "district"},
    "doctor.field.address": {"id": "alamat", "en": "address"},
    # cash account
    "doctor.cash_account.setting": {
        "id": "{account} (pengaturan cash_bank_id)",
        "en": "{account} (cash_bank_id setting)",
    },
    "doctor.cash_account.remembered": {
        "id": "{account} (dipilih sebelumnya)",
        "en": "{account} (chosen before)",
    },
    "doctor.cash_account.named": {
        "id": "{account} (namanya menunjukkan kas)",
        "en": "{account} (its name says cash)",
    },
    "doctor.cash_account.missing": {
        "id": "tidak ada rekening yang tampak seperti kas",
        "en": "no account looks like a cash drawer",
    },
    "doctor.fix.cash_account": {
        "id": "sspos setup menanyakannya, atau pembayaran tunai pertama menanyakannya sekali.",
        "en": "sspos setup asks which one, or the first cash payment asks once.",
    },
    "doctor.cash_account.no_banks": {
        "id": "toko tidak punya rekening",
        "en": "the shop has no account",
    },
    "doctor.fix.add_bank": {
        "id": "tambahkan rekening di SmartSeller (mis. “Kas Toko”), lalu sspos sync.",
        "en": "add an account in SmartSeller (e.g. “Kas Toko”), then sspos sync.",
    },
    "doctor.cash_account.bad_setting": {
        "id": "cash_bank_id {id} bukan rekening toko ini",
        "en": "cash_bank_id {id} is not one of the shop's accounts",
    },
    "doctor.fix.cash_setting": {
        "id": "perbaiki atau hapus cash_bank_id (sspos setup menampilkan daftar rekening).",
        "en": "correct or remove cash_bank_id (sspos setup lists the accounts).",
    },
    "doctor.not_checked_banks": {
        "id": "tidak diperiksa: daftar rekening tidak terbaca",
        "en": "not checked: the accounts could not be read",
    },
    # printer
    "doctor.fix.printer": {
        "id": "periksa printer dan SSPOS_PRINTER, lalu coba sspos print-test.",
        "en": "check the printer and SSPOS_PRINTER, then try sspos print-test.",
    },
    # origin, couriers, order sources
    "doctor.origin.ok": {"id": "{place} ({id})", "en": "{place} ({id})"},
    "doctor.origin.missing": {
        "id": "pemasok asal tidak punya kecamatan",
        "en": "the origin supplier has no district",
    },
    "doctor.fix.origin": {
        "id": "isi kecamatan pemasok di SmartSeller; tarif kurir membutuhkannya.",
        "en": "set the supplier's district in SmartSeller; courier rates need it.",
    },
    "doctor.not_checked_suppliers": {
        "id": "tidak diperiksa: daftar pemasok tidak terbaca",
        "en": "not checked: the suppliers could not be read",
    },
    "doctor.couriers.ok": {"id": "{count} aktif ({names})", "en": "{count} active ({names})"},
    "doctor.couriers.none": {"id": "tidak ada kurir aktif", "en": "no active courier"},
    "doctor.fix.couriers": {
        "id": "aktifkan kurir di SmartSeller untuk mengirim pesanan lewat kurir.",
        "en": "activate couriers in SmartSeller to ship orders by courier.",
    },
    "doctor.not_checked_couriers": {
        "id": "tidak diperiksa: daftar kurir aktif tidak terbaca",
        "en": "not checked: the active couriers could not be read",
    },
    "doctor.sources.ok": {"id": "{count} aktif", "en": "{count} active"},
    "doctor.sources.none": {"id": "tidak ada sumber pesanan aktif",
                            "en": "no active order source"},
    "doctor.fix.sources": {
        "id": "tambahkan sumber pesanan di SmartSeller (mis. WhatsApp) untuk pesanan online.",
        "en": "add an order source in SmartSeller (e.g. WhatsApp) for online orders.",
    },
    "doctor.not_checked_sources": {
        "id": "tidak diperiksa: daftar sumber pesanan tidak terbaca",
        "en": "not checked: the order sources could not be read",
    },
    # sspos setup
    "setup.yes_no": {"id": "[Y/t]", "en": "[Y/n]"},
    "setup.number": {"id": "Nomor", "en": "Number"},
    "setup.after": {"id": "Setelah perbaikan:", "en": "After the fixes:"},
    "setup.all_ok": {"id": "Semua siap untuk berjualan.", "en": "All set to sell."},
    "setup.chmod": {
        "id": "Jadikan {path} hanya bisa dibaca Anda (chmod 600)?",
        "en": "Make {path} readable only by you (chmod 600)?",
    },
    "setup.chmod_done": {"id": "{path}: mode 600.", "en": "{path}: mode 600."},
    "setup.sync": {"id": "Unduh katalog sekarang?", "en": "Download the catalog now?"},
    "setup.walk_in.offer": {
        "id": "Penjualan tanpa pelanggan dicatat atas nama “{name}”. Data dari toko Anda:",
        "en": "Sales to no one in particular are booked to “{name}”. From your shop's details:",
    },
    "setup.walk_in.needs_answers": {
        "id": (
            "Data toko tidak memuat: {fields}. Jalankan sspos setup tanpa --yes untuk "
            "mengisinya."
        ),
        "en": "The shop's details lack: {fields}. Run sspos setup without --yes to give them.",
    },
    "setup.walk_in.phone": {"id": "Telepon", "en": "Phone"},
    "setup.walk_in.address": {"id": "Alamat", "en": "Address"},
    "setup.walk_in.district": {
        "id": "Kecamatan (ketik sebagian namanya)",
        "en": "District (type part of its name)",
    },
    "setup.walk_in.district_short": {
        "id": "Ketik paling sedikit 3 huruf.", "en": "Type at least 3 letters."},
    "setup.walk_in.no_district": {
        "id": "Tidak ada kecamatan untuk “{text}”.", "en": "No district for “{text}”."},
    "setup.walk_in.districts": {"id": "Kecamatan yang cocok:", "en": "Matching districts:"},
    "setup.walk_in.confirm": {
        "id": "Buat “{name}” di SmartSeller?", "en": "Create “{name}” in SmartSeller?"},
    "setup.walk_in.created": {
        "id": "Dibuat: {name} (#{id}). Kasir memakainya untuk penjualan tanpa pelanggan.",
        "en": "Created: {name} (#{id}). The POS books walk-in sales to it.",
    },
    "setup.walk_in.queued": {
        "id": "Menunggu: {name} dibuat di SmartSeller begitu kasir tersambung.",
        "en": "Queued: {name} is created in SmartSeller once the POS is connected.",
    },
    "setup.walk_in.rejected": {
        "id": "SmartSeller menolak data ini:", "en": "SmartSeller refused these details:"},
    "setup.cash.title": {
        "id": "Uang tunai di laci dibukukan ke rekening mana?",
        "en": "Which account is the drawer's cash booked to?",
    },
    "setup.cash.done": {"id": "Tunai dibukukan ke: {account}.",
                        "en": "Cash is booked to: {account}."},
    "setup.cash.skipped": {"id": "Tidak dipilih.", "en": "Not chosen."},
}
