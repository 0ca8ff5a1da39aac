"""What may be collected: validation, minimum collection, separate and guardian consent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from privault.domain.catalog import Catalog, Purpose, ValueKind
from privault.domain.consents import Guardian
from privault.domain.errors import ConsentRequiredError, InvalidInputError
from privault.domain.free_text.screening import OnFound
from privault.domain.values import age_on, birth_date_from_id, normalise

AGE_OF_CONSENT = 14  # PIPL Art. 31: under 14, a guardian consents
EU_CONSENT_AGE = 16  # GDPR Art. 8(1): 16 unless the member state sets 13 to 15
EU_CONSENT_AGES = range(13, 17)
CA_PARENT_AGE = 13  # CCPA §1798.120(c): under 13 a parent opts in to sale or sharing


@dataclass(frozen=True)
class ConsentAges:
    """Below which age a guardian consents, by the regimes a new customer falls under. Under
    CA law only sale or sharing needs it (a consumer of 13 to 15 opts in personally, which every
    consent here is); under CN and EU law any consent does."""

    regimes: frozenset[str] = frozenset({"CN"})
    eu_age: int = EU_CONSENT_AGE

    def guardian_below(self, purposes: Iterable[Purpose]) -> int:
        ages = [AGE_OF_CONSENT] if "CN" in self.regimes else []
        if "EU" in self.regimes:
            ages.append(self.eu_age)
        if "CA" in self.regimes and any(p.is_sharing for p in purposes):
            ages.append(CA_PARENT_AGE)
        return max(ages, default=0)


CN_ONLY = ConsentAges()
AGE_FIELDS = ("birth_date", "id_number")  # where an age can be read from
SEPARATE_CONSENT_NEEDED = (
    "collecting it needs the customer's separate consent to one of: {purposes}"
)
AGREEMENT_NEEDED = "collecting it needs the customer's agreement to one of: {purposes}"


@dataclass(frozen=True)
class PreparedCustomer:
    values: dict[str, str]
    purposes: frozenset[str]
    is_minor: bool
    warnings: tuple[str, ...] = ()


def prepare_customer(
    catalog: Catalog,
    raw: Mapping[str, str],
    purposes: Iterable[str],
    guardian: Guardian | None,
    *,
    today: date,
    ages: ConsentAges = CN_ONLY,
    on_found: OnFound = OnFound.REFUSE,
) -> PreparedCustomer:
    agreed = frozenset(purposes)
    if not agreed:
        raise ConsentRequiredError(
            "name at least one purpose the customer agreed to", field="consent"
        )
    for purpose in agreed:
        catalog.purpose(purpose)
    values, warnings = normalise_values(catalog, raw, today=today, on_found=on_found)
    check_collection(catalog, values, agreed)
    age = ages.guardian_below(catalog.purpose(p) for p in agreed)
    is_minor = is_under_consent_age(catalog, values, today=today, age=age)
    if is_minor and guardian is None:
        raise ConsentRequiredError(
            "the customer is under {age}: a guardian must consent; give the "
            "guardian's name and relation",
            field="guardian_name",
            params={"age": age},
        )
    return PreparedCustomer(values, agreed, is_minor, warnings)


def normalise_values(
    catalog: Catalog, raw: Mapping[str, str], *, today: date, on_found: OnFound = OnFound.REFUSE
) -> tuple[dict[str, str], tuple[str, ...]]:
    values: dict[str, str] = {}
    warnings: list[str] = []
    for key, text in raw.items():
        result = normalise(catalog.field(key), text, today=today, on_found=on_found)
        values[key] = result.value
        warnings.extend(f"{key}: {w}" for w in result.warnings)
    return values, tuple(warnings)


def check_collection(catalog: Catalog, values: Iterable[str], agreed: Iterable[str]) -> None:
    """Minimum collection: each field needs an agreed purpose that justifies it (PIPL Art. 6)."""
    active = set(agreed)
    for key in values:
        spec = catalog.field(key)
        if active.intersection(spec.purposes):
            continue
        if not spec.purposes:
            raise InvalidInputError(
                "no purpose of this business justifies collecting it; leave it out", field=key
            )
        raise ConsentRequiredError(
            SEPARATE_CONSENT_NEEDED if spec.is_sensitive else AGREEMENT_NEEDED,
            field=key,
            params={"purposes": ", ".join(spec.purposes)},
        )


def is_under_consent_age(
    catalog: Catalog, values: Mapping[str, str], *, today: date, age: int = AGE_OF_CONSENT
) -> bool:
    for key, value in values.items():
        kind = catalog.fields[key].kind
        if kind is ValueKind.CN_RESIDENT_ID:
            born = birth_date_from_id(value)
        elif kind is ValueKind.DATE and key == "birth_date":
            born = date.fromisoformat(value)
        else:
            continue
        if age_on(born, today) < age:
            return True
    return False


def registration_problems(
    catalog: Catalog,
    raw: Mapping[str, str],
    purposes: Iterable[str],
    *,
    today: date,
    on_found: OnFound = OnFound.REFUSE,
) -> list[InvalidInputError]:
    """Every problem of one registration form at once, each naming its field, so the person
    fixes them in one pass; `prepare_customer` stops at the first (and stays the rule)."""
    problems: list[InvalidInputError] = []
    agreed: set[str] = set()
    for key in purposes:
        try:
            agreed.add(catalog.purpose(key).key)
        except InvalidInputError as error:
            problems.append(error)
    if not purposes:
        problems.append(
            ConsentRequiredError(
                "name at least one purpose the customer agreed to", field="consent"
            )
        )
    for key, text in raw.items():
        try:
            normalise(catalog.field(key), text, today=today, on_found=on_found)
            check_collection(catalog, [key], agreed)
        except InvalidInputError as error:
            problems.append(error)
    return problems
