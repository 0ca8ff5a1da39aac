"""What a withdrawal would delete, shown before it is confirmed: the fields' labels, never a
value. Reads only: records nothing and changes nothing (the withdrawal itself is audited)."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.policy import Action, Actor
from privault.services.consents.ledger import withdrawal_deletes
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class DeletedField:
    key: str
    label_zh: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class WithdrawalPreview:
    purposes: list[str]
    deleted: list[DeletedField]
    names: tuple[tuple[str, str], ...] = ()  # each purpose's Chinese and English name

    def purpose_names(self, lang: str) -> str:
        joiner = "、" if lang == "zh" else ", "
        return joiner.join(zh if lang == "zh" else en for zh, en in self.names)

    @property
    def is_deleting(self) -> bool:
        return bool(self.deleted)


def preview_withdrawal(
    vault: Vault, actor: Actor, customer_id: str, purposes: list[str]
) -> WithdrawalPreview:
    """For staff: whoever may record the withdrawal may see what it deletes."""
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.CONSENT, customer_id=customer_id, store=row.store)
        return preview_in(uc, row.id, purposes)


def preview_in(uc: UseCase, customer_id: str, purposes: list[str]) -> WithdrawalPreview:
    """Inside the caller's use case, after its policy check (the portal checks its own)."""
    wanted = sorted(set(purposes))
    doomed = withdrawal_deletes(uc, customer_id, wanted)
    specs = [uc.catalog.fields[key] for key in doomed]
    named = tuple((p.name_zh, p.name_en) for p in map(uc.catalog.purpose, wanted))
    deleted = [DeletedField(s.key, s.label_zh, s.label_en) for s in specs]
    return WithdrawalPreview(wanted, deleted, named)
