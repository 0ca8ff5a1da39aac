"""The running installation: databases, keys, catalog and clock, shared by every service."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

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
from privault.domain.errors import ConfigurationError
from privault.domain.masking import DEFAULT_MASKING, MaskSettings
from privault.domain.policy import RoleMatrix
from privault.domain.roles import parse_roles
from privault.messaging.mail import Mailer, SmtpMailer
from privault.messaging.sms import FileOutbox, SmsGateway
from privault.presets import roles_text

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


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
    sms: SmsGateway | None = None
    mailer: Mailer | None = None
    form_key: bytes = b""  # signs the web forms' anti-forgery tokens, shared by every worker
    _catalog: Catalog | None = field(default=None, repr=False)
    _roles: RoleMatrix | None = field(default=None, repr=False)
    _hours: OpeningHours | None = field(default=None, repr=False)

    @property
    def sealer(self) -> Sealer:
        return Sealer(self.keys, self.indexer)

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        return self.database.unit_of_work(read_only=read_only)

    def catalog(self, uow: UnitOfWork) -> Catalog:
        if self._catalog is None:
            document = uow.installation.get("catalog")
            if document is None:
                raise ConfigurationError(
                    "this installation is not set up yet; run: privault init --industry salon"
                )
            self._catalog = parse_catalog(json.loads(document))
        return self._catalog

    def forget_catalog(self) -> None:
        """After a settings change: catalog, roles and hours are read again."""
        self._catalog = None
        self._roles = None
        self._hours = None

    def roles(self, uow: UnitOfWork) -> RoleMatrix:
        """The installation's role matrix; the shipped default until an admin changes it."""
        if self._roles is None:
            document = uow.installation.get("roles")
            self._roles = parse_roles(tomllib.loads(document or roles_text()))
        return self._roles

    def opening_hours(self, uow: UnitOfWork) -> OpeningHours:
        if self._hours is None:
            self._hours = parse_hours(uow.installation.get("opening_hours") or DEFAULT_HOURS)
        return self._hours

    def secret_box(self) -> SecretBox:
        if self.secrets is None:
            raise ConfigurationError("this vault was opened without its master key")
        return self.secrets

    def close(self) -> None:
        self.database.dispose()


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
        sms=FileOutbox(settings.sms_outbox or settings.home / "outbox" / "sms.jsonl"),
        mailer=_mailer(settings),
        form_key=master.derive("web-forms"),
    )


def _mailer(settings: Settings) -> Mailer | None:
    """SMTP only when a host is configured; without one, email codes are refused."""
    if not settings.smtp_host:
        return None
    sender = settings.smtp_from or f"privault@{settings.smtp_host}"
    return SmtpMailer(
        settings.smtp_host, settings.smtp_port, sender, starttls=settings.smtp_starttls
    )
