"""Messages of the local catalog store and the sync."""

MESSAGES = {
    "store.sync.summary": {
        "id": "Sinkron selesai: {products} produk, {variants} varian, {customers} pelanggan ({seconds} dtk).",
        "en": "Sync finished: {products} products, {variants} variants, {customers} customers ({seconds} s).",
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
    "store.sync.busy": {
        "id": "sinkron lain sedang berjalan",
        "en": "another sync is running",
    },
    "store.sync.gave_up": {
        "id": "{what} tidak bisa diambil ({reason})",
        "en": "could not fetch {what} ({reason})",
    },
    "store.sync.stage.products": {"id": "Produk", "en": "Products"},
    "store.sync.stage.customers": {"id": "Pelanggan", "en": "Customers"},
    "store.sync.stage.reference": {"id": "Data acuan", "en": "Reference"},
    "store.sync.stage.regions": {"id": "Wilayah", "en": "Regions"},
    "store.sync.stage.indexing": {"id": "Indeks", "en": "Indexing"},
    "store.last_synced": {
        "id": "Katalog disinkron {when}",
        "en": "Catalog synced {when}",
    },
    "store.never_synced": {
        "id": "Katalog belum pernah disinkron",
        "en": "Catalog never synced",
    },
}
