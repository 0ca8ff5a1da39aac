"""The running installation: databases, keys, catalog and clock, shared by every service."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from privault.config import Settings
from privault.crypto.audit_chain import AuditChainKey, audit_chain_key
from privault.crypto.blind_index import BlindIndexer
from privault.crypto.data_keys import DataKeyRing
from privault.crypto.envelope import LocalKeyProvider
from privault.crypto.master_key import load_or_create
from privault.crypto.sealer import Sealer
from privault.crypto.secret_box import SecretBox
from privault.db.unit_of_work import Database, UnitOfWork
from privault.domain.alerts import DEFAULT_HOURS, OpeningHours, parse_hours
from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.consents import Renewals
from privault.domain.errors import ConfigurationError
from privault.domain.masking import DEFAULT_MASKING, MaskSettings
from privault.domain.policy import RoleMatrix
from privault.domain.roles import parse_roles
from privault.domain.sections import Section
from privault.domain.shop import KEY_PREFIX, identity_from
from privault.domain.staff import Clearances
from privault.infra.campaign_mail import DkimKey, SmtpCampaignMailer
from privault.infra.clock import Clock, utc_now
from privault.infra.mail import Mailer, SmtpMailer
from privault.infra.senders import OutboxSender, Sender
from privault.infra.sms import FileOutbox, SmsGateway
from privault.infra.sms_http import HttpSmsGateway
from privault.presets import roles_text
from privault.services.settings_stamp import settings_stamp

T = TypeVar("T")
MAX_REMEMBERED_ALERTS = 4096


class CachedSetting(Generic[T]):
    """One setting as a process keeps it, with the settings stamp it was read at: another
    worker's change moves the stamp, and the next unit of work here reads the setting again.
    Stamp and value are swapped together, so a thread holding an older reading cannot leave
    it behind under a newer stamp."""

    def __init__(self) -> None:
        self._held: tuple[int, T] | None = None

    def get(self, uow: UnitOfWork, read: Callable[[], T]) -> T:
        settings = uow.installation
        if settings.has_changed_settings:  # its own writes may yet roll back: never cached
            return read()
        stamp = settings_stamp(uow)  # before the setting: a reading is never older
        held = self._held
        if held is not None and held[0] == stamp:
            return held[1]
        value = read()
        self._held = (stamp, value)
        return value

    def forget(self) -> None:
        self._held = None


@dataclass
class Vault:
    settings: Settings
    database: Database
    keys: DataKeyRing
    indexer: BlindIndexer
    audit_key: AuditChainKey
    clock: Clock = utc_now
    masking: MaskSettings = DEFAULT_MASKING
    secrets: SecretBox | None = None
    # A dietary restriction stated for one meal only, sealed under a key for that job alone.
    meal_box: SecretBox | None = None
    # Seals a walk-in's collection-form items until they are registered (no data key yet).
    forms: SecretBox | None = None
    sms: SmsGateway | None = None
    mailer: Mailer | None = None
    form_key: bytes = b""  # signs the web forms' anti-forgery tokens, shared by every worker
    # Campaign channels by name (sms, email): the adapters marketing messages leave through.
    senders: dict[str, Sender] = field(default_factory=dict)
    # Seeds the Ed25519 key that signs the compliance report's evidence pack (crypto/evidence).
    report_seed: bytes = b""
    _catalog: CachedSetting[Catalog] = field(default_factory=CachedSetting, repr=False)
    _roles: CachedSetting[RoleMatrix] = field(default_factory=CachedSetting, repr=False)
    _hours: CachedSetting[OpeningHours] = field(default_factory=CachedSetting, repr=False)
    _clearances: CachedSetting[Clearances] = field(default_factory=CachedSetting, repr=False)
    _renewals: CachedSetting[Renewals] = field(default_factory=CachedSetting, repr=False)
    _sections: CachedSetting[tuple[Section, ...]] = field(default_factory=CachedSetting, repr=False)
    # Other settings a hot path reads (a key -> its stored text), cached the same way.
    _settings: dict[str, CachedSetting[str | None]] = field(default_factory=dict, repr=False)
    # Dedupe keys of alerts known to be raised and committed: asked on every access, and an
    # alert row is never deleted, so a key once seen needs no query again in this process.
    _raised_alerts: set[str] = field(default_factory=set, repr=False)

    @property
    def sealer(self) -> Sealer:
        return Sealer(self.keys, self.indexer)

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        return self.database.unit_of_work(read_only=read_only)

    def catalog(self, uow: UnitOfWork) -> Catalog:
        return self._catalog.get(uow, lambda: _read_catalog(uow))

    def knows_alert(self, key: str) -> bool:
        return key in self._raised_alerts

    def remember_alerts(self, keys: list[str]) -> None:
        if len(self._raised_alerts) > MAX_REMEMBERED_ALERTS:
            self._raised_alerts.clear()  # keys name an hour or a night: old ones are not asked
        self._raised_alerts.update(keys)

    def forget_catalog(self) -> None:
        """After a settings change or a restore: catalog, roles, hours and alerts are read
        again (a restore may take alert rows away)."""
        self._catalog.forget()
        self._roles.forget()
        self._hours.forget()
        self._clearances.forget()
        self._renewals.forget()
        self._sections.forget()
        self._settings.clear()
        self._raised_alerts.clear()

    def roles(self, uow: UnitOfWork) -> RoleMatrix:
        """The installation's role matrix; the shipped default until an admin changes it."""
        return self._roles.get(
            uow, lambda: parse_roles(tomllib.loads(uow.installation.get("roles") or roles_text()))
        )

    def setting(self, uow: UnitOfWork, key: str) -> str | None:
        """One installation setting as stored, cached per settings stamp like the catalog."""
        cached = self._settings.setdefault(key, CachedSetting())
        return cached.get(uow, lambda: uow.installation.get(key))

    def opening_hours(self, uow: UnitOfWork) -> OpeningHours:
        return self._hours.get(
            uow, lambda: parse_hours(uow.installation.get("opening_hours") or DEFAULT_HOURS)
        )

    def clearances(self, uow: UnitOfWork) -> Clearances:
        """Every account's training and agreements: asked by every signed-in request, written
        a few times a year (recording either moves the settings stamp)."""
        return self._clearances.get(
            uow, lambda: Clearances(uow.staff.training(), uow.staff.agreements())
        )

    def renewals(self, uow: UnitOfWork) -> Renewals:
        """Which consents wait for renewal after a material notice change: asked by every
        read of a customer's consent, changed only by publishing a notice (which moves the
        settings stamp)."""
        return self._renewals.get(uow, uow.installation.renewals)

    def sections(self, uow: UnitOfWork) -> tuple[Section, ...]:
        """Every store's serving sections: asked by each serving staff member's list, set a
        few times a season (setting one moves the settings stamp)."""
        return self._sections.get(uow, uow.sections.every)

    def sender_name(self, uow: UnitOfWork) -> str:
        """The 【signature】 of every text and mail to a person: the configured shop name (an SMS
        signature is registered with the carrier), else the business name the shop set; privault
        only when neither is known."""
        if self.settings.shop_name:
            return self.settings.shop_name
        named = identity_from(uow.installation.settings_under(KEY_PREFIX)).business_name
        return named or "privault"

    def secret_box(self) -> SecretBox:
        if self.secrets is None:
            raise ConfigurationError("this vault was opened without its master key")
        return self.secrets

    def meal_secrets(self) -> SecretBox:
        if self.meal_box is None:
            raise ConfigurationError("this vault was opened without its master key")
        return self.meal_box

    def forms_box(self) -> SecretBox:
        if self.forms is None:
            raise ConfigurationError("this vault was opened without its master key")
        return self.forms

    def close(self) -> None:
        self.database.dispose()


def _read_catalog(uow: UnitOfWork) -> Catalog:
    document = uow.installation.get("catalog")
    if document is None:
        raise ConfigurationError(
            "this installation is not set up yet; run: privault init --industry salon"
        )
    return parse_catalog(json.loads(document))


def open_vault(
    settings: Settings, *, clock: Clock = utc_now, create: bool = False, long_running: bool = False
) -> Vault:
    """Only `privault init` creates an installation; everything else needs one.
    `long_running`: a server or batch process (SQLite checkpoints leave the request path)."""
    if not create and not settings.key_file.exists():
        raise ConfigurationError(
            "no installation under {home}; run: privault init --industry salon",
            params={"home": settings.home},
        )
    master = load_or_create(settings.key_file)
    chain = audit_chain_key(master)
    outbox = FileOutbox(settings.sms_outbox or settings.home / "outbox" / "sms.jsonl", clock=clock)
    return Vault(
        settings=settings,
        database=Database(
            settings.database_url,
            settings.keystore_url,
            audit_link=chain.link,
            long_running=long_running,
            connections=settings.web_threads if long_running else None,
        ),
        keys=DataKeyRing(LocalKeyProvider(master)),
        indexer=BlindIndexer(master),
        audit_key=chain,
        clock=clock,
        secrets=SecretBox(master.derive("staff-secrets")),
        meal_box=SecretBox(master.derive("meal-restrictions")),
        forms=SecretBox(master.derive("collection-forms")),
        sms=outbox,
        mailer=_mailer(settings),
        form_key=master.derive("web-forms"),
        senders=campaign_senders(settings, outbox),
        report_seed=master.derive("compliance-evidence"),
    )


def campaign_senders(settings: Settings, outbox: SmsGateway) -> dict[str, Sender]:
    """SMS through the HTTP gateway when one is set, else the development outbox; marketing
    email only with SMTP and a DKIM key (an unsigned one-click link is not offered)."""
    senders: dict[str, Sender] = {"sms": OutboxSender(outbox)}
    if settings.sms_gateway_url:
        senders["sms"] = HttpSmsGateway(settings.sms_gateway_url, settings.sms_gateway_token)
    key = settings.dkim_key_file
    if settings.smtp_host and key is not None and settings.dkim_domain and settings.dkim_selector:
        dkim_key = DkimKey(settings.dkim_domain, settings.dkim_selector, key.read_bytes())
        sender = settings.smtp_from or f"privault@{settings.dkim_domain}"
        senders["email"] = SmtpCampaignMailer(
            settings.smtp_host, settings.smtp_port, sender, dkim_key,
            starttls=settings.smtp_starttls,
        )  # fmt: skip
    return senders


def _mailer(settings: Settings) -> Mailer | None:
    """SMTP only when a host is configured; without one, email codes are refused."""
    if not settings.smtp_host:
        return None
    sender = settings.smtp_from or f"privault@{settings.smtp_host}"
    return SmtpMailer(
        settings.smtp_host, settings.smtp_port, sender, starttls=settings.smtp_starttls
    )
