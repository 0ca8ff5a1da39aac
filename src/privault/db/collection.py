"""Collection forms and their items: written by id, read by id, booking and status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, insert, select, update

from privault.db.tables import collection_forms, collection_items
from privault.domain.collection import (
    CollectionForm,
    FormEntry,
    FormItem,
    FormStatus,
    ItemSource,
    ItemStatus,
)


class CollectionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_form(self, values: Mapping[str, Any]) -> None:
        self._c.execute(insert(collection_forms).values(**values))

    def get(self, form_id: str, *, lock: bool = False) -> CollectionForm | None:
        query = select(collection_forms).where(collection_forms.c.id == form_id)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else self._form(row._mapping)

    def of_booking(self, booking_id: str) -> CollectionForm | None:
        query = select(collection_forms).where(collection_forms.c.booking_id == booking_id)
        row = self._c.execute(query).first()
        return None if row is None else self._form(row._mapping)

    def with_status(self, statuses: Iterable[FormStatus]) -> list[CollectionForm]:
        wanted = [s.value for s in statuses]
        t = collection_forms.c
        query = select(collection_forms).where(t.status.in_(wanted)).order_by(t.submitted_at, t.id)
        return [self._form(r._mapping) for r in self._c.execute(query)]

    def key_owner(self, form_id: str) -> str | None:
        query = select(collection_forms.c.key_owner).where(collection_forms.c.id == form_id)
        owner: str | None = self._c.execute(query).scalar()
        return owner

    def sealed_values(self, form_id: str) -> dict[str, bytes]:
        t = collection_items.c
        query = select(t.key, t.value).where(t.form_id == form_id, t.value.is_not(None))
        return {r.key: r.value for r in self._c.execute(query)}

    def put_item(self, form_id: str, key: str, source: ItemSource, sealed: bytes) -> None:
        """A key written again replaces the item (a collector's correction before submitting)."""
        t = collection_items
        self._c.execute(delete(t).where(t.c.form_id == form_id, t.c.key == key))
        values = {"form_id": form_id, "key": key, "source": source.value, "value": sealed}
        self._c.execute(insert(t).values(status=ItemStatus.PENDING.value, **values))

    def discard(self, form_id: str) -> None:
        """Its items go, values and all; the form stays as the trace of what happened."""
        self._c.execute(delete(collection_items).where(collection_items.c.form_id == form_id))
        self.update_form(form_id, status=FormStatus.DISCARDED.value)

    def reseal(self, form_id: str, owner: str, sealed: Mapping[str, bytes]) -> None:
        """The values sealed again under `owner`'s key, who now holds the form."""
        t = collection_items.c
        for key, value in sealed.items():
            query = update(collection_items).where(t.form_id == form_id, t.key == key)
            self._c.execute(query.values(value=value))
        self.update_form(form_id, key_owner=owner)

    def decide(self, form_id: str, key: str, status: ItemStatus, at: datetime, by: str) -> None:
        """The value goes with the decision: on the record if accepted, nowhere if rejected."""
        t = collection_items
        query = update(t).where(t.c.form_id == form_id, t.c.key == key)
        self._c.execute(query.values(status=status.value, value=None, decided_at=at, decided_by=by))

    def update_form(self, form_id: str, **values: Any) -> None:
        query = update(collection_forms).where(collection_forms.c.id == form_id)
        self._c.execute(query.values(**values))

    def _items(self, form_id: str) -> tuple[FormItem, ...]:
        t = collection_items.c
        query = select(collection_items).where(t.form_id == form_id).order_by(t.key)
        return tuple(
            FormItem(
                key=r.key,
                source=ItemSource(r.source),
                status=ItemStatus(r.status),
                has_value=r.value is not None,
                decided_at=r.decided_at,
                decided_by=r.decided_by,
            )
            for r in self._c.execute(query)
        )

    def _form(self, row: RowMapping) -> CollectionForm:
        return CollectionForm(
            id=row["id"],
            booking_id=row["booking_id"],
            store=row["store"],
            collector=row["collector"],
            entry=FormEntry(row["entry"]),
            status=FormStatus(row["status"]),
            created_at=row["created_at"],
            key_owner=row["key_owner"],
            submitted_at=row["submitted_at"],
            reviewed_at=row["reviewed_at"],
            reviewed_by=row["reviewed_by"],
            review_with=row["review_with"],
            entered_at=row["entered_at"],
            entered_by=row["entered_by"],
            paper_destruction_id=row["paper_destruction_id"],
            items=self._items(row["id"]),
        )
