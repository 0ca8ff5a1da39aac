"""Settings from environment variables (prefix PRIVAULT_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRIVAULT_", extra="ignore")

    home: Path = Path("var")
    database_url: str = ""
    keystore_url: str = ""
    master_key_file: Path | None = None
    default_store: str = "main"
    import_batch_rows: int = 5000
    # None: as many sealing workers as cores for large files, none for small ones.
    import_workers: int | None = None

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
        if self.keystore_url == self.database_url:
            raise ValueError("PRIVAULT_KEYSTORE_URL must differ from PRIVAULT_DATABASE_URL")
        if self.master_key_file is None:
            self.master_key_file = self.home / "master.key"
        return self

    @property
    def key_file(self) -> Path:
        return self.master_key_file or self.home / "master.key"
