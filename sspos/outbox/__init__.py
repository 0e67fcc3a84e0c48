"""The durable outbox: every request that changes the shop (a sale, an AWB, a payment, a
customer created at the counter) is on disk before any network call, and delivered to
SmartSeller exactly once by a background worker.

`entries` (what is queued), `queue` (the SQLite file; `schema` its tables), `watch`
(sales sent twice, watched for a duplicate), `worker` (delivery), `server` (the searches
that settle a doubt), `status` (what a pass did), `command` (`sspos outbox`).
"""
