"""Local SQLite store: catalog, customers and reference data (plus the outbox).

`Catalog`, `CustomerStore` and `ReferenceData` take the data dir and follow the live
catalog file that `sync.full_sync` publishes; see `sspos.store.db` for the threading model.
Import the sync from `sspos.store.sync` (it needs the API client).
"""

from sspos.store.catalog import Catalog
from sspos.store.catalog_rows import Problem, ProductRecord, VariantRecord
from sspos.store.customers import CustomerStore
from sspos.store.reference import ReferenceData

__all__ = ["Catalog", "CustomerStore", "Problem", "ProductRecord", "ReferenceData", "VariantRecord"]
