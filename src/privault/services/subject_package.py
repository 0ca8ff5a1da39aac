"""Access and copy requests: a package for the person (data.json, data.csv and a bilingual
summary.txt) with every field in clear, consent history, purposes, recipients and source."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from privault.services.subject_data import (
    BASIS_EN,
    BASIS_ZH,
    SubjectData,
    money,
    remove_written,
    write_private,
)
from privault.services.vault import Vault

NO_THIRD_PARTY_ZH = "除本店（个人信息处理者）外，没有任何第三方接收过您的个人信息。"
NO_THIRD_PARTY_EN = (
    "No third party has received your personal information; only this business, "
    "the processor, holds it."
)


def write_package(vault: Vault, data: SubjectData, directory: Path) -> tuple[Path, ...]:
    """The three files, or none: a failure removes what was written."""
    written: list[Path] = []
    try:
        document = package_document(data, vault.clock().isoformat())
        json_text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        written.append(write_private(directory, "data.json", json_text))
        written.append(write_private(directory, "data.csv", package_csv(data)))
        written.append(write_private(directory, "summary.txt", summary_text(data)))
    except BaseException:
        remove_written(written)
        raise
    return tuple(written)


def package_document(data: SubjectData, generated_at: str) -> dict[str, Any]:
    catalog, row = data.catalog, data.row
    return {
        "customer_id": row.id,
        "generated_at": generated_at,
        "fields": [
            {
                "key": key,
                "label_zh": catalog.fields[key].label_zh,
                "label_en": catalog.fields[key].label_en,
                "value": value,
            }
            for key, value in data.values.items()
        ],
        "consent_history": [
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
        ],
        "purposes": [
            {
                "key": p.key,
                "name_zh": p.name_zh,
                "name_en": p.name_en,
                "lawful_basis": p.lawful_basis.value,
                "retention_days": p.retention_days,
                "shares_with": p.shares_with,
            }
            for p in data.active
        ],
        "recipients": {
            "processor": {"zh": data.processor_zh, "en": data.processor_en},
            "third_parties": data.third_parties,
            "note": None if data.third_parties else NO_THIRD_PARTY_EN,
        },
        "source": {"channel": row.channel, "store": row.store, "since": row.created_at.isoformat()},
        "status": row.status,
        "regimes": data.regimes,
        "is_sharing_opted_out": row.is_sharing_opted_out,
        "transactions": [
            {
                "kind": t.kind,
                "amount_cents": t.amount_cents,
                "currency": t.currency,
                "item": t.item,
                "store": t.store,
                "at": t.at.isoformat(),
            }
            for t in data.transactions
        ],
    }


def package_csv(data: SubjectData) -> str:
    """One table a spreadsheet opens (with a BOM, as Excel expects for Chinese text)."""
    out = io.StringIO()
    writer = csv.writer(out)
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
    return "\ufeff" + out.getvalue()


def summary_text(data: SubjectData) -> str:
    return "\n".join([*_summary_zh(data), "", "-" * 60, "", *_summary_en(data)]) + "\n"


def _summary_zh(data: SubjectData) -> list[str]:
    catalog, row = data.catalog, data.row
    lines = ["您的个人信息副本", f"客户编号：{row.id}", "", "一、我们保存的个人信息"]
    lines += [f"  {catalog.fields[k].label_zh}：{v}" for k, v in data.values.items()]
    lines += ["", "二、处理目的、法律依据与保存期限"]
    lines += [
        f"  {p.name_zh}：依据{BASIS_ZH[p.lawful_basis]}，保存{p.retention_days}天"
        for p in data.active
    ]
    lines += ["", "三、同意记录"]
    lines += [
        f"  {e.event.at:%Y-%m-%d} {'同意' if e.event.action.value == 'grant' else '撤回'}"
        f" {'、'.join(_name_zh(data, p) for p in e.event.purposes)}"
        f"（隐私政策版本 {e.event.notice_version}）"
        for e in data.history
    ]
    lines += ["", "四、接收方", f"  个人信息处理者：{data.processor_zh}"]
    lines += [f"  第三方：{t}" for t in data.third_parties] or [f"  {NO_THIRD_PARTY_ZH}"]
    lines += [
        "",
        "五、来源",
        f"  收集渠道：{row.channel}；门店：{row.store}；登记日期：{row.created_at:%Y-%m-%d}",
    ]
    lines += [f"  适用法域：{'、'.join(data.regimes)}", "", "六、交易记录"]
    lines += [
        f"  {t.at:%Y-%m-%d} {t.kind} {t.item or ''} {money(t)}".rstrip() for t in data.transactions
    ]
    return lines if data.transactions else [*lines, "  无"]


def _summary_en(data: SubjectData) -> list[str]:
    catalog, row = data.catalog, data.row
    lines = ["A copy of your personal information", f"Customer id: {row.id}", ""]
    lines += ["1. The personal information we hold"]
    lines += [f"  {catalog.fields[k].label_en}: {v}" for k, v in data.values.items()]
    lines += ["", "2. Purposes, lawful basis and how long we keep it"]
    lines += [
        f"  {p.name_en}: {BASIS_EN[p.lawful_basis]}; kept {p.retention_days} days"
        for p in data.active
    ]
    lines += ["", "3. Consent history"]
    lines += [
        f"  {e.event.at:%Y-%m-%d} {e.event.action.value} "
        f"{', '.join(_name_en(data, p) for p in e.event.purposes)}"
        f" (notice {e.event.notice_version})"
        for e in data.history
    ]
    lines += ["", "4. Recipients", f"  Processor: {data.processor_en}"]
    lines += [f"  Third party: {t}" for t in data.third_parties] or [f"  {NO_THIRD_PARTY_EN}"]
    lines += [
        "",
        "5. Source",
        f"  Channel: {row.channel}; store: {row.store}; since {row.created_at:%Y-%m-%d}",
    ]
    lines += [f"  Regimes: {', '.join(data.regimes)}", "", "6. Transactions"]
    lines += [
        f"  {t.at:%Y-%m-%d} {t.kind} {t.item or ''} {money(t)}".rstrip() for t in data.transactions
    ]
    return lines if data.transactions else [*lines, "  none"]


def _name_zh(data: SubjectData, purpose: str) -> str:
    found = data.catalog.purposes.get(purpose)
    return found.name_zh if found else purpose


def _name_en(data: SubjectData, purpose: str) -> str:
    found = data.catalog.purposes.get(purpose)
    return found.name_en if found else purpose
