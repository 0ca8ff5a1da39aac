"""Serving sections (区域): the store manager groups a store's rooms into sections and names
the service staff who serve each; today's list gives them the bookings of those rooms."""

from __future__ import annotations

from collections.abc import Sequence

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.sections import Section, parse_members, parse_section_name
from privault.domain.transactions import parse_store
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

SERVING_ROLE = "service_staff"


def set_section(
    vault: Vault,
    actor: Actor,
    store: str,
    section: str,
    rooms: Sequence[str] = (),
    staff: Sequence[str] = (),
) -> Section | None:
    """The section as given replaces the stored one; no rooms and no staff removes it (None).
    Each staff member named must be an account holding service_staff in that store."""
    where = _store(store)
    name = parse_section_name(section)
    wanted = Section(where, name, parse_members(rooms, "rooms"), parse_members(staff, "staff"))
    with use_case(vault, actor) as uc:
        uc.require(Action.SECTIONS_MANAGE, store=where)
        _check_staff(uc, wanted)
        if wanted.rooms or wanted.staff:
            uc.uow.sections.put(wanted, uc.now, actor.name)
            what = f"{len(wanted.rooms)} rooms, staff {', '.join(wanted.staff) or 'none'}"
        else:
            uc.uow.sections.remove(where, name)
            what = "removed"
        uc.record(Action.SECTIONS_MANAGE, reason=f"section {name} of {where} set: {what}")
        uc.commit()
    return wanted if wanted.rooms or wanted.staff else None


def list_sections(vault: Vault, actor: Actor, store: str) -> list[Section]:
    where = _store(store)
    with use_case(vault, actor) as uc:
        uc.require(Action.SECTIONS_MANAGE, store=where)
        found = uc.uow.sections.of_store(where)
        uc.record(Action.SECTIONS_MANAGE, reason=f"sections of {where} listed")
        uc.commit()
    return found


def _store(raw: str) -> str:
    where = parse_store(raw)
    if where is None:
        raise InvalidInputError("name the store, e.g. main", field="store")
    return where


def _check_staff(uc: UseCase, section: Section) -> None:
    """A name that is no serving account of the store would leave the rooms unserved."""
    for name in section.staff:
        row = uc.uow.staff.get(name)
        member = row.member if row else None
        serves = member is not None and SERVING_ROLE in member.roles
        if not serves or (member and member.stores and section.store not in member.stores):
            raise InvalidInputError(
                "{name} is no service staff account of store {store}; give the account name "
                "of a technician or server of that store",
                field="staff",
                params={"name": name, "store": section.store},
            )
