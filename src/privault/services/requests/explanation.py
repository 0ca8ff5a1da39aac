"""Explanation requests (PIPL Art. 48): the processing rules that apply to one customer, in
Chinese then English: per active purpose its basis, retention, fields on record and who may
see them, then the regimes and their answer deadlines."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.catalog import FieldSpec, Purpose
from privault.domain.deadlines import (
    CA_ACKNOWLEDGE_BUSINESS_DAYS,
    CA_DAYS,
    CA_EXTENSION_DAYS,
    CA_OPT_OUT_BUSINESS_DAYS,
    CN_DAYS,
    EU_EXTENSION_MONTHS,
    EU_MONTHS,
)
from privault.domain.policy import Action, RoleMatrix
from privault.services.requests.subject_data import BASIS_EN, BASIS_ZH, SubjectData

DEADLINES_ZH = {
    "CN": f"中国（个人信息保护法）：自收到请求之日起{CN_DAYS}日内答复",
    "EU": f"欧盟（GDPR）：{EU_MONTHS}个月内答复，经通知可再延长{EU_EXTENSION_MONTHS}个月",
    "CA": (
        f"加利福尼亚（CCPA）：{CA_ACKNOWLEDGE_BUSINESS_DAYS}个工作日内确认收到，{CA_DAYS}日内答复，"
        f"经通知可再延长{CA_EXTENSION_DAYS}日；拒绝出售或共享在{CA_OPT_OUT_BUSINESS_DAYS}个工作日内生效"
    ),
}
DEADLINES_EN = {
    "CN": f"China (PIPL): answered within {CN_DAYS} days of receipt",
    "EU": (
        f"EU (GDPR): answered within {EU_MONTHS} month, extendable by {EU_EXTENSION_MONTHS} "
        "months with notice"
    ),
    "CA": (
        f"California (CCPA): receipt confirmed within {CA_ACKNOWLEDGE_BUSINESS_DAYS} business "
        f"days, answered within {CA_DAYS} days, extendable by {CA_EXTENSION_DAYS} with notice; "
        "an opt-out of sale or sharing takes effect within "
        f"{CA_OPT_OUT_BUSINESS_DAYS} business days"
    ),
}


@dataclass(frozen=True)
class PurposeRule:
    purpose: Purpose
    fields: tuple[FieldSpec, ...]  # justified by this purpose and on record
    viewers: dict[str, tuple[str, ...]]  # field key -> roles that see it masked
    revealers: dict[str, tuple[str, ...]]  # field key -> roles that may see it in clear


def purpose_rules(data: SubjectData, matrix: RoleMatrix) -> list[PurposeRule]:
    rules = []
    for purpose in data.active:
        specs = tuple(
            data.catalog.fields[k]
            for k in data.values
            if purpose.key in data.catalog.fields[k].purposes
        )
        rules.append(
            PurposeRule(
                purpose,
                specs,
                {s.key: _roles(matrix, s, Action.VIEW_MASKED) for s in specs},
                {s.key: _roles(matrix, s, Action.REVEAL) for s in specs},
            )
        )
    return rules


def _roles(matrix: RoleMatrix, spec: FieldSpec, action: Action) -> tuple[str, ...]:
    return tuple(
        sorted(
            role
            for role, grant in matrix.items()
            if action in grant.actions
            and spec.category
            in (grant.view | grant.reveal if action is Action.VIEW_MASKED else grant.reveal)
        )
    )


def explanation_text(data: SubjectData, rules: list[PurposeRule]) -> str:
    zh = ["个人信息处理规则说明", f"客户编号：{data.row.id}", f"处理者：{data.processor_zh}", ""]
    en = ["How your personal information is processed", f"Customer id: {data.row.id}"]
    en += [f"Processor: {data.processor_en}", ""]
    for rule in rules:
        p = rule.purpose
        zh.append(
            f"【{p.name_zh}】依据：{BASIS_ZH[p.lawful_basis]}；保存期限：{p.retention_days}天"
        )
        en.append(f"[{p.name_en}] basis: {BASIS_EN[p.lawful_basis]}; kept {p.retention_days} days")
        if p.shares_with:
            zh.append(f"  提供给第三方：{p.shares_with}")
            en.append(f"  shared with: {p.shares_with}")
        for spec in rule.fields:
            seen, clear = _names(rule.viewers[spec.key]), _names(rule.revealers[spec.key])
            zh.append(f"  {spec.label_zh}：可查看（脱敏）的岗位 {seen}；可查看明文的岗位 {clear}")
            en.append(f"  {spec.label_en}: seen masked by {seen}; in clear by {clear}")
        if not rule.fields:
            zh.append("  本目的下未保存您的个人信息字段")
            en.append("  no field of yours is held for this purpose")
    if data.profile is not None:
        zh += ["", data.profile.text_zh]
        en += ["", data.profile.text_en]
    zh += ["", "适用的法律与答复期限："] + [f"  {DEADLINES_ZH[r]}" for r in data.regimes]
    en += ["", "Regimes and answer deadlines:"] + [f"  {DEADLINES_EN[r]}" for r in data.regimes]
    if data.row.status == "restricted":
        zh.append("您的个人信息目前处于限制处理状态：仅存储，不作其他处理。")
        en.append("Processing of your information is restricted: it is stored, nothing else.")
    return "\n".join([*zh, "", "-" * 60, "", *en]) + "\n"


def _names(roles: tuple[str, ...]) -> str:
    return ", ".join(roles) or "-"
