"""Access and copy requests: a package for the person (data.json, data.csv and a bilingual
summary.txt) with every field in clear, consent history, purposes, recipients and source."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from privault.domain.catalog import LawfulBasis
from privault.domain.consents import ConsentAction
from privault.infra.tabular_writer import CsvRows
from privault.services.requests.package_ledgers import (
    accounts_csv_rows,
    accounts_document,
    accounts_lines,
    membership_lines,
)
from privault.services.requests.subject_data import (
    BASIS_EN,
    BASIS_ZH,
    SubjectData,
    money,
    remove_written,
    write_sealed,
)

NO_THIRD_PARTY_ZH = "除本店（个人信息处理者）外，没有任何第三方接收过您的个人信息。"
NO_THIRD_PARTY_EN = (
    "No third party has received your personal information; only this business, "
    "the processor, holds it."
)


def write_package(data: SubjectData, directory: Path, at: datetime) -> tuple[Path, ...]:
    """The three files, sealed under the customer's data key, or none: a failure removes what
    was written. `at`: when the package is generated."""
    written: list[Path] = []
    try:
        document = package_document(data, at.isoformat())
        json_text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        written.append(write_sealed(data, directory, "data.json", json_text))
        written.append(write_sealed(data, directory, "data.csv", package_csv(data)))
        written.append(write_sealed(data, directory, "summary.txt", summary_text(data)))
    except BaseException:
        remove_written(written)
        raise
    return tuple(written)


def package_document(data: SubjectData, generated_at: str) -> dict[str, Any]:
    row = data.row
    return {
        "customer_id": row.id,
        "generated_at": generated_at,
        "fields": _fields(data),
        "consent_history": _consent_history(data),
        "purposes": _active_purposes(data),
        "recipients": {
            "processor": {"zh": data.processor_zh, "en": data.processor_en},
            "third_parties": data.third_parties,
            "note": None if data.third_parties else NO_THIRD_PARTY_EN,
            "disclosures": _disclosures(data),
        },
        "source": {"channel": row.channel, "store": row.store, "since": row.created_at.isoformat()},
        "status": row.status,
        "regimes": data.regimes,
        "is_sharing_opted_out": row.is_sharing_opted_out,
        "transactions": _transaction_list(data),
        **accounts_document(data.accounts),
    }


def _disclosures(data: SubjectData) -> list[dict[str, Any]]:
    return [
        {**r._asdict(), "fields": list(r.fields), "at": r.at.isoformat()} for r in data.disclosed_to
    ]


def _fields(data: SubjectData) -> list[dict[str, Any]]:
    specs = data.catalog.fields
    return [
        {
            "key": key,
            "label_zh": specs[key].label_zh,
            "label_en": specs[key].label_en,
            "value": value,
        }
        for key, value in data.values.items()
    ]


def _consent_history(data: SubjectData) -> list[dict[str, Any]]:
    return [
        {
            "purposes": list(e.event.purposes),
            "action": e.event.action.value,
            "at": e.event.at.isoformat(),
            "notice_version": e.event.notice_version,
            "notice_sha256": e.event.notice_sha256,
            "channel": e.event.channel.value,
            "given_by": e.event.given_by.value,
        }
        for e in data.history
    ]


def _active_purposes(data: SubjectData) -> list[dict[str, Any]]:
    return [
        {
            "key": p.key,
            "name_zh": p.name_zh,
            "name_en": p.name_en,
            "lawful_basis": p.lawful_basis.value,
            "retention_days": p.retention_days,
            "shares_with": p.shares_with,
        }
        for p in data.active
    ]


def _transaction_list(data: SubjectData) -> list[dict[str, Any]]:
    # Every column of the record goes to the person, in its order; times as ISO text.
    return [{**t._asdict(), "at": t.at.isoformat()} for t in data.transactions]


def package_csv(data: SubjectData) -> str:
    """One table a spreadsheet opens (with a BOM, as Excel expects for Chinese text); a value
    the person typed is shown there, never evaluated."""
    out = io.StringIO()
    writer = CsvRows(out)
    writer.writerow(["section", "key", "label_zh", "label_en", "value", "at"])
    for key, value in data.values.items():
        spec = data.catalog.fields[key]
        writer.writerow(["field", key, spec.label_zh, spec.label_en, value, ""])
    for e in data.history:
        detail = f"{e.event.action.value} (notice {e.event.notice_version}, {e.event.channel})"
        for purpose in e.event.purposes:
            writer.writerow(["consent", purpose, "", "", detail, e.event.at.isoformat()])
    for p in data.active:
        basis = f"{p.lawful_basis.value}; kept {p.retention_days} days"
        writer.writerow(["purpose", p.key, p.name_zh, p.name_en, basis, ""])
    for party in data.third_parties or ["none"]:
        writer.writerow(["recipient", "third_party", "", "", party, ""])
    writer.writerow(["source", "channel", "", "", data.row.channel, data.row.created_at])
    writer.writerow(["source", "store", "", "", data.row.store, ""])
    for regime in data.regimes:
        writer.writerow(["regime", regime, "", "", regime, ""])
    for t in data.transactions:
        writer.writerow(["transaction", t.kind, "", t.item or "", money(t), t.at.isoformat()])
    for row in accounts_csv_rows(data.accounts):
        writer.writerow(row)
    return "\ufeff" + out.getvalue()


@dataclass(frozen=True)
class Wording:
    """One language's words for summary.txt; each section is written once, in `_summary`."""

    lang: str  # "zh" or "en": which of the catalog's two names to show
    colon: str  # between a label and its value
    list_sep: str
    title: str
    customer_id: str
    headings: tuple[str, str, str, str, str, str, str, str]
    purpose: str  # {name} {basis} {days}
    basis: Mapping[LawfulBasis, str]
    consent: str  # {on} {action} {purposes} {version}
    actions: Mapping[ConsentAction, str]
    processor: str
    third_party: str
    no_third_party: str
    source: str  # {channel} {store} {since}
    regimes: str
    nothing: str

    def pick(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en


ZH = Wording(
    lang="zh",
    colon="：",
    list_sep="、",
    title="您的个人信息副本",
    customer_id="客户编号",
    headings=(
        "一、我们保存的个人信息",
        "二、处理目的、法律依据与保存期限",
        "三、同意记录",
        "四、接收方",
        "五、来源",
        "六、交易记录",
        "七、会员",
        "八、积分与储值",
    ),
    purpose="{name}：依据{basis}，保存{days}天",
    basis=BASIS_ZH,
    consent="{on} {action} {purposes}（隐私政策版本 {version}）",
    actions={ConsentAction.GRANT: "同意", ConsentAction.WITHDRAW: "撤回"},
    processor="个人信息处理者",
    third_party="第三方",
    no_third_party=NO_THIRD_PARTY_ZH,
    source="收集渠道：{channel}；门店：{store}；登记日期：{since}",
    regimes="适用法域",
    nothing="无",
)
EN = Wording(
    lang="en",
    colon=": ",
    list_sep=", ",
    title="A copy of your personal information",
    customer_id="Customer id",
    headings=(
        "1. The personal information we hold",
        "2. Purposes, lawful basis and how long we keep it",
        "3. Consent history",
        "4. Recipients",
        "5. Source",
        "6. Transactions",
        "7. Membership",
        "8. Points and stored value",
    ),
    purpose="{name}: {basis}; kept {days} days",
    basis=BASIS_EN,
    consent="{on} {action} {purposes} (notice {version})",
    actions={a: a.value for a in ConsentAction},
    processor="Processor",
    third_party="Third party",
    no_third_party=NO_THIRD_PARTY_EN,
    source="Channel: {channel}; store: {store}; since {since}",
    regimes="Regimes",
    nothing="none",
)

Section = Callable[[SubjectData, Wording], list[str]]


def summary_text(data: SubjectData) -> str:
    return "\n".join([*_summary(data, ZH), "", "-" * 60, "", *_summary(data, EN)]) + "\n"


def _summary(data: SubjectData, w: Wording) -> list[str]:
    lines = [w.title, f"{w.customer_id}{w.colon}{data.row.id}"]
    for heading, section in zip(w.headings, SECTIONS, strict=True):
        lines += ["", heading, *section(data, w)]
    return lines


def _held(data: SubjectData, w: Wording) -> list[str]:
    specs = data.catalog.fields
    return [
        f"  {w.pick(specs[k].label_zh, specs[k].label_en)}{w.colon}{v}"
        for k, v in data.values.items()
    ]


def _purposes(data: SubjectData, w: Wording) -> list[str]:
    return [
        "  "
        + w.purpose.format(
            name=w.pick(p.name_zh, p.name_en),
            basis=w.basis[p.lawful_basis],
            days=p.retention_days,
        )
        for p in data.active
    ]


def _consents(data: SubjectData, w: Wording) -> list[str]:
    return [
        "  "
        + w.consent.format(
            on=f"{e.event.at:%Y-%m-%d}",
            action=w.actions[e.event.action],
            purposes=w.list_sep.join(_purpose_name(data, w, p) for p in e.event.purposes),
            version=e.event.notice_version,
        )
        for e in data.history
    ]


def _recipients(data: SubjectData, w: Wording) -> list[str]:
    parties = [f"  {w.third_party}{w.colon}{t}" for t in data.third_parties]
    processor = w.pick(data.processor_zh, data.processor_en)
    return [f"  {w.processor}{w.colon}{processor}", *(parties or [f"  {w.no_third_party}"])]


def _source(data: SubjectData, w: Wording) -> list[str]:
    row = data.row
    since = f"{row.created_at:%Y-%m-%d}"
    return [
        "  " + w.source.format(channel=row.channel, store=row.store, since=since),
        f"  {w.regimes}{w.colon}{w.list_sep.join(data.regimes)}",
    ]


def _transactions(data: SubjectData, w: Wording) -> list[str]:
    lines = [
        f"  {t.at:%Y-%m-%d} {t.kind} {t.item or ''} {money(t)}".rstrip() for t in data.transactions
    ]
    return lines or [f"  {w.nothing}"]


def _membership(data: SubjectData, w: Wording) -> list[str]:
    return membership_lines(data.accounts, w.lang)


def _accounts(data: SubjectData, w: Wording) -> list[str]:
    return accounts_lines(data.accounts, w.lang)


SECTIONS: tuple[Section, ...] = (
    _held,
    _purposes,
    _consents,
    _recipients,
    _source,
    _transactions,
    _membership,
    _accounts,
)


def _purpose_name(data: SubjectData, w: Wording, purpose: str) -> str:
    """A purpose since dropped from the catalog is shown by its key."""
    found = data.catalog.purposes.get(purpose)
    return w.pick(found.name_zh, found.name_en) if found else purpose
