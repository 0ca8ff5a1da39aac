"""The privacy choices a customer makes in one step in the portal: "Do Not Sell or Share My
Personal Information" (CCPA §1798.120) and a Global Privacy Control signal, which counts as the
same opt-out for a California customer (CCPA regs §7025); "Limit the Use of My Sensitive Personal
Information" (§1798.121); and one objection to all direct marketing (GDPR Art. 21(2))."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from privault.db.customers import CustomerRow
from privault.domain.catalog import Catalog
from privault.domain.policy import Action, Actor
from privault.domain.privacy_choices import direct_marketing, sensitive_uses
from privault.domain.requesters import check_arrangement
from privault.domain.requests import Regime, RequestChannel, RequestStatus, RequestType
from privault.services.consents.ledger import Withdrawal, end_consents
from privault.services.consents.sharing import opt_out_of_sharing
from privault.services.consents.withdrawal_preview import WithdrawalPreview, preview_in
from privault.services.portal.consents import PORTAL_CHANNEL
from privault.services.portal.own_record import own_customer
from privault.services.requests.intake import Opening, due_dates_for, file_request, request_row
from privault.services.requests.records import record_step, shop_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

BY_GPC = "Global Privacy Control signal (Sec-GPC: 1) from the customer's browser"
BY_LINK = "Do Not Sell or Share My Personal Information, in the privacy portal"
OBJECTION = "objection to all direct marketing (GDPR Art. 21(2))"
LIMIT = "limit the use of sensitive personal information (CCPA §1798.121)"
OPT_OUT = RequestType.OPT_OUT_SALE_SHARING


@dataclass(frozen=True)
class PrivacyChoices:
    is_california: bool
    is_sharing_opted_out: bool
    is_gpc_honoured: bool  # this visit's signal opted the customer out just now


def privacy_choices(
    vault: Vault, actor: Actor, customer_id: str, *, gpc: bool = False
) -> PrivacyChoices:
    """A GPC signal from a California customer opts them out of sale and sharing, once; from
    anyone else it changes nothing and is no error."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        is_california = is_under_california(row)
        if not (gpc and is_california) or row.is_sharing_opted_out:
            return PrivacyChoices(is_california, row.is_sharing_opted_out, False)
        _opt_out(uc, row, BY_GPC)
        uc.commit()
    return PrivacyChoices(True, True, True)


def is_under_california(row: CustomerRow) -> bool:
    return Regime.CA.value in row.regimes.split()


def opt_out_own(vault: Vault, actor: Actor, customer_id: str) -> list[str] | None:
    """The sharing purposes withdrawn, or None when the customer had opted out already."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        if row.is_sharing_opted_out:
            return None
        withdrawn = _opt_out(uc, row, BY_LINK)
        uc.commit()
        return withdrawn


def _opt_out(uc: UseCase, row: CustomerRow, how: str) -> list[str]:
    """Recorded as an opt-out request the portal opens and completes at once (§7026 asks no
    verification of an opt-out), so it stands in the request records with its clock."""
    regimes = tuple(Regime(r) for r in row.regimes.split())
    deadlines = due_dates_for(uc.uow, shop_day(uc), regimes, OPT_OUT)
    opened = Opening(uc.actor.name, uc.now, row.id, row.store)
    new = request_row(opened, OPT_OUT, RequestChannel.PORTAL, deadlines, how)
    file_request(uc, new)
    withdrawn = opt_out_of_sharing(uc, row, channel=PORTAL_CHANNEL, request_id=new.id)
    ended = f"; consents withdrawn: {', '.join(withdrawn)}" if withdrawn else ""
    uc.uow.requests.close(
        new.id,
        status=RequestStatus.COMPLETED.value,
        at=uc.now,
        by=uc.actor.name,
        outcome=f"{new.outcome}\ncompleted: opted out of sale or sharing{ended}",
    )
    record_step(uc, Action.REQUEST_FULFIL.value, new, f"{OPT_OUT.value} fulfilled at once")
    return withdrawn


def object_to_direct_marketing(vault: Vault, actor: Actor, customer_id: str) -> Withdrawal:
    """Every direct-marketing consent ends in one step, whatever the channel."""
    return _withdraw_all(vault, actor, customer_id, direct_marketing, OBJECTION)


def limit_sensitive_use(vault: Vault, actor: Actor, customer_id: str) -> Withdrawal:
    """Every purpose that needed separate consent ends; fields only they justified go."""
    return _withdraw_all(vault, actor, customer_id, sensitive_uses, LIMIT)


def arrange_own_after_death(vault: Vault, actor: Actor, customer_id: str, arrangement: str) -> None:
    """PIPL Art. 49: while alive, the customer may arrange that close relatives shall not
    exercise the rights over their data; a later arrangement replaces an earlier one."""
    text = check_arrangement(arrangement)
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        uc.uow.requests.arrange_posthumously(row.id, text, uc.now, actor.name)
        reason = "arrangement for after death recorded by the customer (PIPL Art. 49)"
        uc.record(Action.CONSENT, customer_id=row.id, reason=reason)
        uc.commit()


Chooser = Callable[[Catalog, Iterable[str]], list[str]]


def _withdraw_all(
    vault: Vault, actor: Actor, customer_id: str, choose: Chooser, reason: str
) -> Withdrawal:
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        wanted = choose(uc.catalog, uc.uow.consents.active_for(row.id))
        if not wanted:
            return Withdrawal([], [])
        done = end_consents(uc, row.id, wanted, channel=PORTAL_CHANNEL, reason=reason)
        uc.commit()
        return done


def preview_limit_sensitive(vault: Vault, actor: Actor, customer_id: str) -> WithdrawalPreview:
    """What limiting would delete (labels only), before the customer confirms; records nothing."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        wanted = sensitive_uses(uc.catalog, uc.uow.consents.active_for(row.id))
        return preview_in(uc, row.id, list(wanted)) if wanted else WithdrawalPreview([], [])
