"""The customer's own record in the privacy portal: see it masked, reveal a value, download a
copy, correct it. Each function takes the customer id a URL or form named and refuses (403,
audited, nothing changed) any id but the signed-in customer's own.

Staff services check a role matrix the customer is not in, so the portal has services of its
own. They call the same internals (gather, the package document, apply_changes) and keep the
same rules; only the policy question differs: "is this the customer themself?"."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from privault.db.customers import CustomerRow
from privault.domain.catalog import FieldSpec
from privault.domain.classes import ClassProfile
from privault.domain.errors import (
    ConsentRequiredError,
    DuplicateCustomerError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.masking import mask
from privault.domain.notices import Notice
from privault.domain.policy import Action, Actor
from privault.domain.portal import refusal
from privault.infra.printing.data_copy import Names, data_copy_pdf
from privault.infra.printing.watermark import PrintedFor
from privault.services.consents.notices import as_notice
from privault.services.customers.changes import apply_changes
from privault.services.customers.records import existing_customer
from privault.services.customers.sealing import open_fields
from privault.services.requests.package import package_csv, package_document
from privault.services.requests.regime_masking import regime_masked
from privault.services.requests.subject_data import (
    BASIS_EN,
    BASIS_ZH,
    SubjectData,
    class_profile_of,
    gather,
)
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

OWN_VIEW = "the customer's own record, in the privacy portal"


@dataclass(frozen=True)
class OwnField:
    key: str
    label_zh: str
    label_en: str
    masked: str
    is_sensitive: bool
    choices: tuple[tuple[str, str, str], ...] = ()  # an enum field's key, Chinese, English


@dataclass(frozen=True)
class OwnRecord:
    customer_id: str
    status: str
    store: str
    fields: list[OwnField]
    editable: list[OwnField]  # every catalog field the customer may fill in or correct
    profile: ClassProfile | None = None  # their customer class and why, while consented


@dataclass(frozen=True)
class Copy:
    filename: str
    content: bytes
    media_type: str = "application/json; charset=utf-8"


def own_customer(uc: UseCase, customer_id: str, action: Action) -> CustomerRow:
    """The portal's policy check: only the signed-in customer's own id passes. Another id is
    refused, the refusal audited on its own, and nothing else happens."""
    why = refusal(uc.actor, customer_id)
    if why is not None:
        target = customer_id.strip()
        uc.refuse(action, PolicyDeniedError(why), customer_id=target if _is_id(target) else None)
    return existing_customer(uc.uow, customer_id.strip())


def published_notice(vault: Vault) -> Notice | None:
    """The privacy notice in force: public, as PIPL Art. 17 wants it."""
    with use_case(vault, ANONYMOUS) as uc:
        notices = uc.uow.installation.notices()
        return as_notice(notices[-1]) if notices else None


def own_record(vault: Vault, actor: Actor, customer_id: str) -> OwnRecord:
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.VIEW_MASKED)
        catalog = uc.catalog
        values = open_fields(vault, uc.uow, [row.id]).get(row.id, {})
        shown = [_field(vault, catalog.fields[k], v) for k, v in sorted(values.items())]
        uc.record(Action.VIEW_MASKED, customer_id=row.id, fields=values, reason=OWN_VIEW)
        profile = class_profile_of(uc.uow, row.id)
        uc.commit()
    editable = [
        _field(vault, spec, values.get(key, ""))
        for key, spec in catalog.fields.items()
        if spec.purposes
    ]
    return OwnRecord(row.id, row.status, row.store, shown, editable, profile)


def reveal_own(vault: Vault, actor: Actor, customer_id: str, field_key: str) -> str:
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.REVEAL)
        uc.catalog.field(field_key)
        value = open_fields(vault, uc.uow, [row.id], only=[field_key]).get(row.id, {})
        if field_key not in value:
            raise NotFoundError("there is no {field} on your record", params={"field": field_key})
        uc.record(Action.REVEAL, customer_id=row.id, fields=[field_key], purpose=OWN_VIEW)
        uc.commit()
        return value[field_key]


def own_copy(
    vault: Vault, actor: Actor, customer_id: str, form: str = "json", lang: str = "zh"
) -> Copy:
    """The same package document an access or copy request hands over: one JSON file, the CSV
    table a spreadsheet opens, or a PDF to read and print in the customer's language."""
    if form not in COPY_FORMS:
        raise InvalidInputError("choose json, csv or pdf", field="format")
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.EXPORT_DOWNLOAD)
        data, _ = regime_masked(gather(vault, uc.uow, row), vault.masking)
        now = uc.now
        document = package_document(data, now.isoformat())
        zone = uc.vault.opening_hours(uc.uow).zone
        reason = f"own copy downloaded in the privacy portal ({form})"
        uc.record(Action.EXPORT_DOWNLOAD, customer_id=row.id, fields=data.values, reason=reason)
        uc.commit()
    name = f"my-data-{now:%Y-%m-%d}.{form}"
    if form == "csv":
        return Copy(name, package_csv(data).encode("utf-8-sig"), "text/csv; charset=utf-8")
    if form == "pdf":
        printed = PrintedFor(COPY_RECIPIENT.get(lang, COPY_RECIPIENT["zh"]), now, ZoneInfo(zone))
        content = data_copy_pdf(document, printed, _copy_names(data, lang), lang)
        return Copy(name, content, "application/pdf")
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return Copy(name, text.encode(), "application/json; charset=utf-8")


COPY_FORMS = ("json", "csv", "pdf")
COPY_RECIPIENT = {"zh": "客户本人", "en": "the customer"}
CHANNEL_NAMES = {
    "zh": {"store": "门店", "web": "自助登记页面", "phone": "电话", "survey": "问卷",
           "pos": "收银或预约系统", "import": "导入"},
    "en": {"store": "in store", "web": "registration page", "phone": "phone", "survey": "survey",
           "pos": "POS or booking system", "import": "import"},
}  # fmt: skip


def _copy_names(data: SubjectData, lang: str) -> Names:
    zh = lang == "zh"
    purposes = {k: (p.name_zh if zh else p.name_en) for k, p in data.catalog.purposes.items()}
    bases = {str(k): v for k, v in (BASIS_ZH if zh else BASIS_EN).items()}
    return Names(bases, purposes, CHANNEL_NAMES["zh" if zh else "en"])


def correct_own(
    vault: Vault, actor: Actor, customer_id: str, changes: Mapping[str, str]
) -> list[str]:
    """Validated as at registration. A blank box leaves the value as it is: removing data is a
    deletion request or a consent withdrawal, never an accident of an empty form."""
    wanted = {k: v for k, v in changes.items() if v.strip()}
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.UPDATE)
        wanted = _what_differs(uc, row, wanted)
        changed = _apply_own_changes(uc, row, wanted)
        uc.commit()
        return changed


def _what_differs(uc: UseCase, row: CustomerRow, wanted: dict[str, str]) -> dict[str, str]:
    if not wanted:
        raise InvalidInputError("change at least one value", field="fields")
    held = open_fields(uc.vault, uc.uow, [row.id], only=list(wanted)).get(row.id, {})
    wanted = {k: v for k, v in wanted.items() if held.get(k) != v.strip()}
    if not wanted:
        raise InvalidInputError("nothing changed: every value is as on record", field="fields")
    return wanted


def _apply_own_changes(uc: UseCase, row: CustomerRow, wanted: dict[str, str]) -> list[str]:
    """The staff messages, in the customer's terms."""
    try:
        return apply_changes(uc, row, wanted, reason="corrected by the customer in the portal")
    except ConsentRequiredError as error:
        raise InvalidInputError(
            "needs a consent you have not given; give it under My consents first",
            field=error.field,
        ) from None
    except DuplicateCustomerError as error:
        # The staff message names the other customer's id: a customer must not learn it.
        raise InvalidInputError(
            "is registered to another customer; ask the store to help", field=error.field
        ) from None


def _field(vault: Vault, spec: FieldSpec, value: str) -> OwnField:
    masked = mask(spec.mask, value, vault.masking) if value else ""
    choices = tuple(
        (key, labels[0] if labels else key, labels[1] if len(labels) > 1 else key)
        for key, labels in spec.choices.items()
    )
    return OwnField(spec.key, spec.label_zh, spec.label_en, masked, spec.is_sensitive, choices)


def _is_id(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
