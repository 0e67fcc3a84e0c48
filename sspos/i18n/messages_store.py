"""Messages of the local catalog store and the sync."""

MESSAGES = {
    "store.sync.summary": {
        "id": (
            "Sinkron selesai: {products} produk, {variants} varian, {customers} pelanggan "
            "({seconds} dtk)."
        ),
        "en": (
            "Sync finished: {products} products, {variants} variants, {customers} customers "
            "({seconds} s)."
        ),
    },
    "store.sync.problems": {
        "id": "{count} data bermasalah dicatat ({skipped} produk dilewati):",
        "en": "{count} data problems logged ({skipped} products skipped):",
    },
    "store.sync.more_problems": {
        "id": "  … dan {count} lagi (lihat log).",
        "en": "  … and {count} more (see the log).",
    },
    "store.sync.reference_kept": {
        "id": "Data {kind} tidak diperbarui ({reason}); salinan lama dipakai.",
        "en": "{kind} not refreshed ({reason}); the previous copy is kept.",
    },
    "store.sync.failed": {
        "id": "Sinkron gagal: {reason}. Katalog lama tetap dipakai.",
        "en": "Sync failed: {reason}. The previous catalog is still in use.",
    },
    "store.sync.elsewhere": {
        "id": "sinkron terminal lain",
        "en": "other terminal syncs",
    },
    "store.sync.child_failed": {
        "id": "proses sinkron berhenti ({detail})",
        "en": "the sync process stopped ({detail})",
    },
    "store.sync.busy": {
        "id": "sinkron lain sedang berjalan",
        "en": "another sync is running",
    },
    "store.sync.gave_up": {
        "id": "{stage} halaman {page} tidak bisa diambil ({reason})",
        "en": "could not fetch {stage} page {page} ({reason})",
    },
    "store.sync.deadline": {
        "id": "sinkron melewati batas waktunya ({minutes} menit)",
        "en": "the sync ran past its time limit ({minutes} min)",
    },
    "store.sync.stalled": {
        "id": "server tidak menjawab selama {seconds} detik",
        "en": "the server has not answered for {seconds} s",
    },
    "store.sync.pages_repeat": {
        "id": "{stage} halaman {page} sama dengan halaman {earlier}: server mengulang halaman",
        "en": "{stage} page {page} repeats page {earlier}: the server's paging loops",
    },
    "store.sync.too_many_pages": {
        "id": "server menyebut {pages} halaman {stage} untuk {total} data ({per_page} per "
        "halaman): tidak masuk akal",
        "en": "the server claims {pages} pages of {stage} for {total} items ({per_page} per "
        "page): impossible",
    },
    "store.sync.incomplete": {
        "id": "{stage}: hanya {got} dari {total} data yang diterima",
        "en": "{stage}: only {got} of {total} items arrived",
    },
    "store.sync.unreadable": {
        "id": "{stage} halaman {page} tidak terbaca: {reason}",
        "en": "{stage} page {page} cannot be read: {reason}",
    },
    "store.sync.unreadable_first": {
        "id": "halaman pertama {stage} tidak terbaca, jumlah datanya tidak diketahui",
        "en": "the first page of {stage} cannot be read, so its size is unknown",
    },
    "store.sync.nothing_readable": {
        "id": "tidak satu pun dari {got} data {stage} bisa dibaca",
        "en": "none of the {got} {stage} items could be read",
    },
    "store.sync.shrunk": {
        "id": "{stage} baru hanya {new}, katalog yang dipakai punya {old}; jika toko memang "
        "berkurang sebanyak itu, jalankan: sspos sync --accept-shrink",
        "en": "only {new} {stage} now against {old} in the catalog in use; if the shop really "
        "shrank that much, run: sspos sync --accept-shrink",
    },
    "store.sync.no_products": {
        "id": "Toko ini belum punya produk.",
        "en": "This shop has no products yet.",
    },
    "store.sync.not_offered": {
        "id": "tidak disediakan server",
        "en": "not offered by the server",
    },
    "store.sync.stage.products": {"id": "Produk", "en": "Products"},
    "store.sync.stage.customers": {"id": "Pelanggan", "en": "Customers"},
    "store.sync.stage.reference": {"id": "Data acuan", "en": "Reference"},
    "store.sync.stage.regions": {"id": "Wilayah", "en": "Regions"},
    "store.sync.stage.indexing": {"id": "Indeks", "en": "Indexing"},
}
