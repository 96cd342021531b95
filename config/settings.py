"""Settings: one typed class, env prefix DUDAO_; the only place that reads the environment."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.text import refuse_control


class Settings(BaseSettings):
    """Process settings. Every field can be set as DUDAO_<FIELD> (nested: DUDAO_CHANNELS__NAME)."""

    model_config = SettingsConfigDict(env_prefix="DUDAO_", env_nested_delimiter="__", extra="ignore")

    home: Path = Field(Path("var"), description="Directory for the database, Prefect history and outputs.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the ledger; default: a SQLite file <home>/dudao.db."
    )
    config_path: Path = Field(
        Path("config/examples/district.toml"), description="The district config (TOML)."
    )
    locale: str = Field("zh_CN", description="Language of messages, bulletins and reports.")
    prefect_api_url: str | None = Field(
        None, description="A Prefect server to use; default: the local one under <home>/prefect."
    )
    prefect_home: Path | None = Field(None, description="Prefect's home; default <home>/prefect.")
    prefect_port: int = Field(4200, description="Port of the local Prefect server `dudao serve` starts (loopback).")
    watch_every_s: int = Field(60, ge=1, description="How often `dudao serve`'s watcher looks for late or failed "
                                                       "runs and delivers the outbox (seconds).")
    prefect_idle_minutes: int = Field(30, ge=0, le=1440, description=(
        "Commands that run a flow share a local background Prefect server, stopped after this many minutes "
        "without a command (or by `dudao serve --stop`); 0: each command uses its own ephemeral server."))
    acting_user: str | None = Field(None, description="Who is acting, when a command is not given --by.")
    secrets_file: Path | None = Field(
        None, description="TOML file with [channels] name = \"apprise url\"; default <home>/secrets.toml."
    )
    channels: dict[str, SecretStr] = Field(
        default_factory=dict, description="Apprise URLs by channel name (DUDAO_CHANNELS__<NAME>=url)."
    )

    web_secret: SecretStr | None = Field(
        None, description="Key signing the web board's session cookies; default: made once in <home>/web-secret."
    )
    web_session_minutes: int = Field(480, ge=1, description="A web session ends this many minutes after log-in.")
    web_as_of: str | None = Field(
        None, description="Pin the web board's clock to this moment (the demo's 2022 season); default: now."
    )
    web_url: str = Field("http://127.0.0.1:8000", description=(
        "The web board's address as its readers open it (`dudao web` serves it); Prefect artifacts link to its "
        "pages and documents."))
    evidence_max_mb: int = Field(20, ge=1, le=200, description="The largest evidence file accepted, in MB.")

    @field_validator("acting_user")
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        return None if value is None else refuse_control(value)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'dudao.db'}"

    @property
    def prefect_dir(self) -> Path:
        return self.prefect_home or self.home / "prefect"

    @property
    def secrets_path(self) -> Path:
        return self.secrets_file or self.home / "secrets.toml"

    @property
    def outputs_dir(self) -> Path:
        """Where bulletins, reports and exports are written."""
        return self.home / "outputs"

    def point_prefect_home(self) -> None:
        """Give every dudao process one Prefect history: <home>/prefect unless PREFECT_HOME is set.

        Must run before prefect is imported (Prefect reads its settings at import). Also sets the
        server defaults that keep history on SQLite (see PREFECT_DEFAULTS); an explicit PREFECT_* wins.
        """
        os.environ.setdefault("PREFECT_HOME", str(self.prefect_dir.resolve()))
        if self.prefect_api_url:
            os.environ.setdefault("PREFECT_API_URL", self.prefect_api_url)
        for key, value in PREFECT_DEFAULTS.items():
            os.environ.setdefault(key, value)
        self.prefect_dir.mkdir(parents=True, exist_ok=True)

    @property
    def prefect_server_file(self) -> Path:
        """Where `dudao serve` records the URL of the Prefect server it started."""
        return self.prefect_dir / "server.json"


# Task runs are recorded in the background: with the default batch size of 1, SQLite meets "database is
# locked" after a big flow and a process that exits right away loses history. Telemetry is off: no internet.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings; a bad DUDAO_ variable is a ConfigError naming it, not a traceback."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from config.errors import ConfigError, Problem, validation_message

    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError("DUDAO_ 设置无效", [
            Problem("DUDAO_" + "__".join(str(p) for p in e["loc"]).upper(), validation_message(e))
            for e in exc.errors()
        ]) from None
    except SettingsError as exc:
        field = str(exc).split('"')[1] if '"' in str(exc) else "?"
        raise ConfigError("DUDAO_ 设置无效", [
            Problem(f"DUDAO_{field.upper()}", f"{exc.__cause__ or exc}（表类型的设置须写成 JSON）")
        ]) from None
