"""A complaint's question and answer sealed under the customer's data key, bound to the
complaint and the slot, so erasing the customer shreds them with the rest."""

from __future__ import annotations

from privault.crypto.envelope import decrypt_field, encrypt_field
from privault.services.customers.sealing import open_keys
from privault.services.use_case import UseCase

TEXT = "text"
ANSWER = "answer"


def _slot(complaint_id: str, slot: str) -> str:
    return f"complaint:{complaint_id}:{slot}"


def seal(uc: UseCase, customer_id: str, complaint_id: str, slot: str, value: str) -> bytes:
    key = open_keys(uc.vault, uc.uow, [customer_id])[customer_id]
    return encrypt_field(key, customer_id, _slot(complaint_id, slot), value)


def unseal(
    uc: UseCase, customer_id: str, complaint_id: str, slot: str, blob: bytes | None
) -> str | None:
    """None for an erased customer (their key is gone) or an empty slot."""
    if blob is None:
        return None
    keys = open_keys(uc.vault, uc.uow, [customer_id])
    if customer_id not in keys:
        return None
    return decrypt_field(keys[customer_id], customer_id, _slot(complaint_id, slot), blob)
