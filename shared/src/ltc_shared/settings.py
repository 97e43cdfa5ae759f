"""One settings object, from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LTC_", extra="ignore")

    mode: Literal["embedded", "distributed"] = "embedded"
    data_dir: Path = Path(".local/embedded")
    log_format: Literal["console", "json"] = "console"
    log_level: str = "INFO"

    postgres_host: str = Field(
        "127.0.0.1", validation_alias=AliasChoices("LTC_POSTGRES_HOST", "POSTGRES_HOST")
    )
    postgres_port: int = Field(
        15432, validation_alias=AliasChoices("LTC_POSTGRES_PORT", "POSTGRES_PORT")
    )
    postgres_user: str = Field(
        "ltc", validation_alias=AliasChoices("LTC_POSTGRES_USER", "POSTGRES_USER")
    )
    postgres_password: SecretStr = Field(
        SecretStr("ltc"),
        validation_alias=AliasChoices("LTC_POSTGRES_PASSWORD", "POSTGRES_PASSWORD"),
    )
    postgres_db: str = Field(
        "ltc", validation_alias=AliasChoices("LTC_POSTGRES_DB", "POSTGRES_DB")
    )
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:19092",
        validation_alias=AliasChoices(
            "LTC_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"
        ),
    )
    port_base: int = 8101
    relay_batch_size: int = 1000
    consumer_batch_size: int = 1000
    idle_poll_seconds: float = 0.02
    relay_interval_seconds: float = 0.05

    def event_store_env(self, service: str) -> dict[str, str]:
        """The `eventsourcing` environment for one service's event store."""
        common = {"AGGREGATE_CACHE_MAXSIZE": "20000"}
        if self.mode == "embedded":
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # One process owns each embedded store, so the aggregates it has
            # cached are current: no need to look for newer events per read.
            return common | {
                "AGGREGATE_CACHE_FASTFORWARD": "n",
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.data_dir / f"{service}.sqlite"),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        return common | {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_HOST": self.postgres_host,
            "POSTGRES_PORT": str(self.postgres_port),
            "POSTGRES_USER": self.postgres_user,
            "POSTGRES_PASSWORD": self.postgres_password.get_secret_value(),
            "POSTGRES_DBNAME": self.postgres_db,
            "POSTGRES_SCHEMA": service,
            "POSTGRES_POOL_SIZE": "10",
            "POSTGRES_MAX_OVERFLOW": "10",
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_PRE_PING": "y",
            "PROCESS_RECORDER_TOPIC": "ltc_shared.pgrecorder:OneTripRecorder",
        }


@lru_cache
def get_settings() -> Settings:
    return Settings()
