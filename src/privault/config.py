"""Settings from environment variables (prefix PRIVAULT_)."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url


def _same_database(a: str, b: str) -> bool:
    """Same server and database however the URL is spelled (driver, default port)."""
    first, second = make_url(a), make_url(b)
    if first.get_backend_name() != second.get_backend_name():
        return False
    default = 5432 if first.get_backend_name() == "postgresql" else None
    return (first.host or "localhost", first.port or default, first.database) == (
        second.host or "localhost",
        second.port or default,
        second.database,
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRIVAULT_", extra="ignore")

    home: Path = Path("var")
    database_url: str = ""
    keystore_url: str = ""
    master_key_file: Path | None = None
    default_store: str = "main"
    import_batch_rows: int = 5000
    # Keystore backups hold data keys: kept this many days, so an erasure reaches every copy.
    keystore_backup_days: int = 30
    # Verification codes: mail goes over SMTP only when a host is set; SMS goes to a file
    # outbox (development) at sms_outbox, by default HOME/outbox/sms.jsonl.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = ""
    smtp_starttls: bool = False
    sms_outbox: Path | None = None
    # Campaigns (issue 16): the https:// address customers reach (one-click unsubscribe links
    # in marketing email), at most this many marketing messages per customer in so many days,
    # the HTTP SMS gateway (empty: the development outbox) and the key its webhooks are signed
    # with, and the DKIM key marketing email is signed with.
    public_url: str = ""
    campaign_cap: str = "4/30"
    sms_gateway_url: str = ""
    sms_gateway_token: str = ""
    sms_webhook_secret: str = ""
    dkim_domain: str = ""
    dkim_selector: str = ""
    dkim_key_file: Path | None = None
    # How messages to customers name the shop; empty: the request's store.
    shop_name: str = ""
    # Requests a server worker handles at once, each with its database connections. A few
    # suffice: the work is CPU and database round trips, and more threads only wait on the
    # interpreter lock and on each other (bench/README.md, the API load benchmark).
    web_threads: int = 4
    # Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For / X-Forwarded-Proto are
    # believed; empty: the client is the socket's peer, whatever a header claims.
    trusted_proxies: Annotated[list[str], NoDecode] = []
    # Request bodies: refused with 413 past this size (forms and JSON), and past the larger
    # upload cap for the import routes (web/body_limits.py).
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 64 * 1024 * 1024
    # `privault serve` runs the scheduled jobs (retention, deadline alerts, reminders, purges);
    # false when a separate `privault worker` runs them.
    run_jobs: bool = True
    # GDPR Art. 8: below this age a guardian consents for an EU customer (13 to 16, by the
    # member state whose law applies; 16 when it has set none).
    eu_consent_age: int = 16
    # A mobile, resident ID, bank card, plate, email or street address found in a note or other
    # free-text field (issue 17): "refuse" the text, saying where the value belongs, or "mask" it.
    free_text_found: Literal["refuse", "mask"] = "refuse"
    # Entry review (issue 17): new records from these channels wait for the store manager's
    # review ("none": no review); one waiting longer than the days alerts, daily.
    review_channels: str = "web phone survey pos import"
    review_overdue_days: int = 3

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        for proxy in value if isinstance(value, list) else []:
            try:
                ip_network(str(proxy), strict=False)
            except ValueError:
                raise ValueError(
                    f"PRIVAULT_TRUSTED_PROXIES: {str(proxy)[:60]!r} is no IP address or network; "
                    "list the proxies' addresses, e.g. 10.0.0.5,192.168.1.0/24"
                ) from None
        return value

    @field_validator("max_body_bytes", "max_upload_bytes")
    @classmethod
    def _sensible_cap(cls, cap: int) -> int:
        if cap < 1024:
            raise ValueError("PRIVAULT_MAX_BODY_BYTES and PRIVAULT_MAX_UPLOAD_BYTES: at least 1024")
        return cap

    @field_validator("keystore_backup_days")
    @classmethod
    def _keystore_backups_expire(cls, days: int) -> int:
        if days < 1:
            raise ValueError(
                "PRIVAULT_KEYSTORE_BACKUP_DAYS must be at least 1: keystore backups must expire "
                "so that an erased customer's key leaves every copy"
            )
        return days

    @field_validator("eu_consent_age")
    @classmethod
    def _an_age_the_gdpr_allows(cls, age: int) -> int:
        if not 13 <= age <= 16:
            raise ValueError("PRIVAULT_EU_CONSENT_AGE must be between 13 and 16 (GDPR Art. 8)")
        return age

    @field_validator("web_threads")
    @classmethod
    def _sensible_threads(cls, threads: int) -> int:
        if not 1 <= threads <= 64:
            raise ValueError("PRIVAULT_WEB_THREADS must be between 1 and 64")
        return threads

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        self.home = self.home.expanduser().resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'privault.db'}"
        if not self.keystore_url:
            if not self.database_url.startswith("sqlite"):
                raise ValueError(
                    "PRIVAULT_KEYSTORE_URL must name a separate database when "
                    "PRIVAULT_DATABASE_URL is not SQLite: keys live apart from data"
                )
            self.keystore_url = f"sqlite:///{self.home / 'keystore.db'}"
        if _same_database(self.keystore_url, self.database_url):
            raise ValueError("PRIVAULT_KEYSTORE_URL must differ from PRIVAULT_DATABASE_URL")
        if self.master_key_file is None:
            self.master_key_file = self.home / "master.key"
        if self.sms_outbox is None:
            self.sms_outbox = self.home / "outbox" / "sms.jsonl"
        return self

    @property
    def key_file(self) -> Path:
        return self.master_key_file or self.home / "master.key"
