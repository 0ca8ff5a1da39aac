"""Sealing and opening a collection form's item values, inside the caller's use case: under the
customer's data key when the form has one (so erasing the customer shreds them), else under the
forms' own key (a walk-in not registered yet), bound to the form and the item."""

from __future__ import annotations

from privault.crypto.envelope import decrypt_field, encrypt_field
from privault.services.customers.sealing import open_keys
from privault.services.use_case import UseCase


def _slot(form_id: str, key: str) -> str:
    return f"form:{form_id}:{key}"


def seal_value(uc: UseCase, form_id: str, owner: str | None, key: str, value: str) -> bytes:
    if owner is None:
        return uc.vault.forms_box().seal(value, _slot(form_id, key))
    data_key = open_keys(uc.vault, uc.uow, [owner])[owner]
    return encrypt_field(data_key, owner, _slot(form_id, key), value)


def adopt_values(uc: UseCase, booking_id: str, customer_id: str) -> None:
    """A walk-in now registered: their form's values, sealed under the forms' key until then,
    move under their own data key, so erasing them shreds the form with the rest."""
    form = uc.uow.collection.of_booking(booking_id)
    if form is None or form.key_owner is not None:
        return
    values = open_values(uc, form.id, None)
    sealed = {k: seal_value(uc, form.id, customer_id, k, v) for k, v in values.items()}
    uc.uow.collection.reseal(form.id, customer_id, sealed)


def open_values(uc: UseCase, form_id: str, owner: str | None) -> dict[str, str]:
    """An erased customer's key is gone: their items open to nothing."""
    sealed = uc.uow.collection.sealed_values(form_id)
    if owner is None:
        box = uc.vault.forms_box()
        return {k: box.open(v, _slot(form_id, k)) for k, v in sealed.items()}
    keys = open_keys(uc.vault, uc.uow, [owner])
    if owner not in keys:
        return {}
    return {k: decrypt_field(keys[owner], owner, _slot(form_id, k), v) for k, v in sealed.items()}
