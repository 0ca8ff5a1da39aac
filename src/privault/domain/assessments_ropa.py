"""Records of processing activities (GDPR Art. 30; PIPL Art. 54-56 evidence): one row per
purpose, computed from the catalog, the assessments and the recipients, never typed by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from privault.domain.assessments import Assessment, Trigger
from privault.domain.catalog import Catalog, Category, Purpose
from privault.domain.errors import InvalidInputError

LANGS = ("zh", "en")
FORMATS = ("xlsx", "pdf")

CATEGORY_NAMES: dict[str, dict[Category, str]] = {
    "zh": {
        Category.IDENTITY: "身份信息",
        Category.CONTACT: "联系方式",
        Category.DEMOGRAPHIC: "人口统计信息",
        Category.PREFERENCE: "偏好信息",
        Category.BEHAVIOUR: "行为信息",
        Category.TRANSACTION: "交易信息",
        Category.FINANCIAL: "财产信息",
        Category.HEALTH: "健康信息",
        Category.BIOMETRIC: "生物识别信息",
        Category.MINOR: "未成年人信息",
        Category.OTHER: "其他信息",
    },
    "en": {c: c.value.replace("_", " ") for c in Category},
}
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "个人信息处理活动记录",
        "purpose": "处理目的",
        "basis": "合法性基础",
        "categories": "个人信息类别",
        "sensitive": "敏感个人信息",
        "people": "个人类别",
        "recipients": "接收方",
        "transfers": "跨境传输",
        "retention": "保存期限",
        "measures": "安全保护措施",
        "assessment": "影响评估",
        "consent": "同意",
        "separate_consent": "单独同意",
        "contract": "订立、履行合同所必需",
        "legal_obligation": "履行法定义务所必需",
        "customers": "顾客（不满十四周岁者经监护人同意）",
        "none": "无",
        "days": "{days} 天",
        "not_needed": "不需要",
        "missing": "未批准（需要：{triggers}）",
        "approved": "已批准 {on}，批准人 {by}",
        "generated": "生成时间",
        "processor": "受托处理者",
        "controller": "其他个人信息处理者",
        "contract_necessity": "豁免：订立、履行合同所必需",
        "small_volume": "豁免：非敏感个人信息不满十万人",
        "standard_contract": "标准合同",
        "certification": "个人信息保护认证",
        "security_assessment": "数据出境安全评估",
        "no_route": "未记录合法途径",
    },
    "en": {
        "title": "Records of processing activities",
        "purpose": "Purpose",
        "basis": "Lawful basis",
        "categories": "Categories of data",
        "sensitive": "Sensitive data",
        "people": "Categories of people",
        "recipients": "Recipients",
        "transfers": "Transfers abroad",
        "retention": "Retention",
        "measures": "Security measures",
        "assessment": "Impact assessment",
        "consent": "consent",
        "separate_consent": "separate consent",
        "contract": "necessary for a contract",
        "legal_obligation": "necessary for a legal obligation",
        "customers": "customers (under 14: with a guardian's consent)",
        "none": "none",
        "days": "{days} days",
        "not_needed": "not needed",
        "missing": "not approved (needed: {triggers})",
        "approved": "approved {on} by {by}",
        "generated": "Generated",
        "processor": "entrusted processor",
        "controller": "another controller",
        "contract_necessity": "exempt: necessary for a contract",
        "small_volume": "exempt: non-sensitive data of fewer than 100,000 people",
        "standard_contract": "standard contract",
        "certification": "certification",
        "security_assessment": "security assessment",
        "no_route": "no legal route recorded",
    },
}
# What privault itself does for every purpose (DESIGN §3); an assessment adds its own measures.
BASE_MEASURES = {
    "zh": (
        "逐字段 AES-256-GCM 加密，密钥与数据分库保存",
        "按角色最小授权、默认遮蔽显示",
        "全部访问记入防篡改审计日志",
        "接触个人信息前完成隐私培训",
    ),
    "en": (
        "field-by-field AES-256-GCM encryption, keys kept apart from the data",
        "least-privilege roles, masked by default",
        "every access in a tamper-evident audit trail",
        "privacy training before handling personal data",
    ),
}
COLUMNS = (
    "purpose",
    "basis",
    "categories",
    "sensitive",
    "people",
    "recipients",
    "transfers",
    "retention",
    "measures",
    "assessment",
)


@dataclass(frozen=True)
class Recipient:
    """Whom a purpose's data goes to; `country` other than CN is a transfer abroad. From an
    active agreement: the partner's role (processor, controller) and the transfer's route."""

    name: str
    country: str = "CN"
    role: str = ""
    route: str = ""

    def shown(self, words: Mapping[str, str]) -> str:
        parts = [words.get(self.role, self.role), self.country] if self.role else []
        return f"{self.name} ({', '.join(parts)})" if parts else self.name

    def transfer(self, words: Mapping[str, str]) -> str:
        route = words[self.route] if self.route in words else words["no_route"]
        return (
            f"{self.name} ({self.country}; {route})"
            if self.role
            else f"{self.name} ({self.country})"
        )


@dataclass(frozen=True)
class RecordRow:
    purpose: str
    cells: tuple[str, ...]  # in COLUMNS order, in the reader's language


def parse_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InvalidInputError("use one of {choices}", field="lang", params={"choices": "zh, en"})
    return lang


def parse_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInputError(
            "use one of {choices}", field="format", params={"choices": ", ".join(FORMATS)}
        )
    return fmt


def records_of(
    catalog: Catalog,
    needed: Mapping[str, Sequence[Trigger]],
    assessments: Sequence[Assessment],
    recipients: Mapping[str, Sequence[Recipient]],
    lang: str,
) -> list[RecordRow]:
    approved = {a.purpose: a for a in assessments if a.is_approved and not a.subject}
    return [
        _row(
            catalog, p, needed.get(p.key, ()), approved.get(p.key), recipients.get(p.key, ()), lang
        )
        for p in catalog.purposes.values()
    ]


def _row(
    catalog: Catalog,
    purpose: Purpose,
    triggers: Sequence[Trigger],
    assessment: Assessment | None,
    recipients: Sequence[Recipient],
    lang: str,
) -> RecordRow:
    words, specs = WORDS[lang], [s for s in catalog.fields.values() if purpose.key in s.purposes]
    categories = dict.fromkeys(CATEGORY_NAMES[lang][s.category] for s in specs)
    sensitive = [s.label_zh if lang == "zh" else s.label_en for s in specs if s.is_sensitive]
    abroad = [r for r in recipients if r.country.upper() != "CN"]
    measures = BASE_MEASURES[lang] + (assessment.measures if assessment else ())
    cells = (
        f"{purpose.name_zh if lang == 'zh' else purpose.name_en} ({purpose.key})",
        _basis(purpose, words),
        _joined(categories, words),
        _joined(sensitive, words),
        words["customers"],
        _joined([r.shown(words) for r in recipients], words),
        _joined([r.transfer(words) for r in abroad], words),
        words["days"].format(days=purpose.retention_days),
        "; ".join(measures),
        _assessment_text(triggers, assessment, words),
    )
    return RecordRow(purpose.key, cells)


def _basis(purpose: Purpose, words: Mapping[str, str]) -> str:
    if purpose.needs_separate_consent:
        return words["separate_consent"]
    return words[purpose.lawful_basis.value]


def _joined(items: Sequence[str] | Mapping[str, None], words: Mapping[str, str]) -> str:
    return "; ".join(items) or words["none"]


def _assessment_text(
    triggers: Sequence[Trigger], assessment: Assessment | None, words: Mapping[str, str]
) -> str:
    if assessment is not None and assessment.approved_at is not None:
        on = assessment.approved_at.date().isoformat()
        return words["approved"].format(on=on, by=assessment.approved_by)
    if triggers:
        return words["missing"].format(triggers=", ".join(triggers))
    return words["not_needed"]
