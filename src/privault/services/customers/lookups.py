"""Customers found through the blind indexes, never by opening values: the digest of what a
person typed (an exact value, a mobile's last four digits, a surname or a masked name), and the
holders lists filter by, inside the caller's use case and after its policy check."""

from __future__ import annotations

from privault.db.customers import Narrowing
from privault.domain.catalog import SearchIndex
from privault.domain.errors import InvalidInputError
from privault.domain.surnames import parse_surname
from privault.domain.values import normalise
from privault.services.customers.sealing import index_material
from privault.services.use_case import UseCase

TAIL_INDEX = "mobile_tail"


def search_digest(uc: UseCase, by: str, value: str) -> bytes:
    spec = uc.catalog.searchable().get(by)
    indexer = uc.vault.indexer
    if spec is None:
        known = ", ".join(uc.catalog.searchable())
        raise InvalidInputError(
            "cannot search by it; search by one of: {known}", field=by, params={"known": known}
        )
    kind = uc.catalog.index_kinds[by]
    if kind is SearchIndex.TAIL:
        cleaned = value.strip()
        if not (len(cleaned) == 4 and cleaned.isascii() and cleaned.isdigit()):
            raise InvalidInputError("give exactly the last four digits", field=by)
        return indexer.digest(by, cleaned)
    if kind is SearchIndex.SURNAME:
        return indexer.digest(by, _required_surname(value, by))
    normalised = normalise(spec, value, today=uc.now.date()).value
    return indexer.digest(by, index_material(kind, normalised))


def _required_surname(value: str, field: str) -> str:
    surname = parse_surname(value, field)
    if surname is None:
        raise InvalidInputError("is empty; type the surname", field=field)
    return surname


def surname_narrowing(uc: UseCase, typed: str | None, field: str = "surname") -> Narrowing:
    """The surname index row a match must hold too; nothing when no surname was typed."""
    surname = parse_surname(typed, field)
    if surname is None:
        return ()
    index = uc.catalog.surname_index
    if index is None:
        raise InvalidInputError("this catalog has no name to narrow by", field=field)
    return ((index, uc.vault.indexer.digest(index, surname)),)


def holder_of(uc: UseCase, by: str, value: str) -> str | None:
    """The customer holding this exact value of a unique searchable field (a member number at
    the till), inside the caller's use case and after its policy check; None when nobody."""
    digest = search_digest(uc, by, value)
    return uc.uow.customers.claimed_by(by, [digest]).get(digest)


def holders_of(uc: UseCase, tail: str | None, surname: str | None, *, limit: int) -> list[str]:
    """The customers whose mobile ends in these four digits, of this surname, or both (those
    holding both rows), found by the blind indexes (never by opening values), inside the
    caller's use case and after its policy check. A list filters by them; the caller says what
    it found in its own audit event (`customers_found`). At least one of the two is given."""
    also = surname_narrowing(uc, surname)
    if tail:
        digest = search_digest(uc, TAIL_INDEX, tail)
        return uc.uow.customers.find(TAIL_INDEX, digest, limit=limit, also=also)
    [(index, digest)] = also
    return uc.uow.customers.find(index, digest, limit=limit)


def customers_found(tail: str | None, surname: str | None, count: int) -> str:
    """How a list found its customers by `holders_of`, a part of its audit reason: which
    filters, never the values typed."""
    if tail and surname:
        return f"customers by mobile tail and surname: {count}"
    if surname:
        return f"customers by surname: {count}"
    return f"customers by mobile tail: {count}"
