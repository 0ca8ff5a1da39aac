"""Settings from environment variables (prefix PRIVAULT_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
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
    # How messages to customers name the shop; empty: the request's store.
    shop_name: str = ""
    # Requests a server worker handles at once, each with its database connections. A few
    # suffice: the work is CPU and database round trips, and more threads only wait on the
    # interpreter lock and on each other (bench/README.md, the API load benchmark).
    web_threads: int = 4

    @field_validator("keystore_backup_days")
    @classmethod
    def _keystore_backups_expire(cls, days: int) -> int:
        if days < 1:
            raise ValueError(
                "PRIVAULT_KEYSTORE_BACKUP_DAYS must be at least 1: keystore backups must expire "
                "so that an erased customer's key leaves every copy"
            )
        return days

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
