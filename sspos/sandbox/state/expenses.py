"""The sandbox's expenses: POST `expense` (create) and GET `expense` (list by date).

The doc gives the create body and answer but no list example; the sandbox serves the
reading the client adopts (`sspos.api.models.expense`): a paginated list of the stored
expenses, newest first, each with the create body's fields and its `id`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sspos.sandbox.state.base import Invalid, Page, StateBase
from sspos.sandbox.validation import FieldErrors, as_date, missing, require_int

EXPENSE_TITLE_MAX = 100  # the doc's limit


class ExpensesState(StateBase):
    """The shop's expenses (`routes/expenses.py`)."""

    def create_expense(self, body: Any, lang: str) -> dict[str, Any]:
        """Validate and store an expense the way the doc describes its fields."""
        errors = FieldErrors(lang)
        if not isinstance(body, dict):
            raise Invalid({"body": ["The request body must be a JSON object."]})
        for key in ("title", "note"):
            value = body.get(key)
            if missing(value):
                errors.add(key, "sandbox.v.required")
            elif not isinstance(value, str):
                errors.add(key, "sandbox.v.string")
        title = body.get("title")
        if isinstance(title, str) and len(title) > EXPENSE_TITLE_MAX:
            errors.add("title", "sandbox.v.max_length", max=EXPENSE_TITLE_MAX)
        nominal = require_int(errors, body, "nominal", minimum=1)
        qty = require_int(errors, body, "qty", minimum=1, required=False) or 1
        day = self.now().date()
        if not missing(body.get("date")):
            parsed = as_date(body.get("date"))
            if parsed is None:
                errors.add("date", "sandbox.v.date_format", format="Y-m-d")
            else:
                day = parsed
        if errors:
            raise Invalid(errors.errors)
        with self.lock, self.db:
            cursor = self.db.execute(
                "INSERT INTO expenses (title, nominal, note, qty, date, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (str(title).strip(), nominal, str(body["note"]), qty, day.isoformat(),
                 self.now().strftime("%Y-%m-%d %H:%M:%S")),
            )
        return {"id": int(cursor.lastrowid or 0), "title": str(title).strip()}

    def expenses_page(self, start: date | None, end: date | None, page: int, per_page: int
                      ) -> Page:
        """Expenses dated `start`…`end` (the doc's default: today), newest first."""
        today = self.now().date()
        low = (start or end or today).isoformat()
        high = (end or max(start or today, today)).isoformat()
        with self.lock:
            total = self.db.execute(
                "SELECT COUNT(*) FROM expenses WHERE date BETWEEN ? AND ?", (low, high)
            ).fetchone()[0]
            rows = self.db.execute(
                "SELECT id, title, nominal, note, qty, date FROM expenses"
                " WHERE date BETWEEN ? AND ? ORDER BY id DESC LIMIT ? OFFSET ?",
                (low, high, per_page, (page - 1) * per_page),
            ).fetchall()
        return Page([dict(row) for row in rows], total, page, per_page)

    def expenses_created(self) -> list[dict[str, Any]]:
        """Every expense stored so far, oldest first (tests count them)."""
        with self.lock:
            rows = self.db.execute(
                "SELECT id, title, nominal, note, qty, date FROM expenses ORDER BY id"
            ).fetchall()
        return [dict(row) for row in rows]
