"""One typed, frozen configuration read from the environment (12-factor).

Kafka connection variables keep the names every Kafka user knows (``KAFKA_*``); everything
khabar-specific is ``KHABAR_*``. Secrets are ``SecretStr`` and may also come from a file
(``KAFKA_SASL_PASSWORD_FILE``), so they never need to sit in an image or a manifest.
``KAFKA_BOOTSTRAP_SERVERS`` unset means "start the embedded broker".

:func:`load_settings` turns a bad value into one line per variable (its name, what it got and
what it accepts) instead of a traceback, and :func:`unknown_variables` names every ``KHABAR_*``
variable that is not a setting, with the closest real name: a typo is otherwise silently
ignored and the default used.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from workers.stages.chain import CHAIN
from workers.stages.cluster import DEFAULT_WINDOW_MS

TOPIC_SUFFIXES = (
    CHAIN[0].consumes, *(stage.produces for stage in CHAIN),  # raw, articles … enriched
    "clusters", "dlq",
    # Which dead letters a replay has sent (compacted), so a second replay does not resend them.
    "dlq-replayed",
    # Internal to the story clusters: repartitioned by band key, then by article id.
    "cluster-bands", "cluster-nodes",
)


class Settings(BaseSettings):
    # Empty variables count as unset: compose passes optional settings as "${VAR:-}".
    model_config = SettingsConfigDict(
        env_prefix="KHABAR_", frozen=True, extra="ignore", env_ignore_empty=True
    )

    # --- Kafka connection (standard names, no KHABAR_ prefix) ---
    bootstrap_servers: str | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS")
    )
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", validation_alias=AliasChoices("KAFKA_SECURITY_PROTOCOL")
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        default="PLAIN", validation_alias=AliasChoices("KAFKA_SASL_MECHANISM")
    )
    sasl_username: str | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SASL_USERNAME")
    )
    sasl_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SASL_PASSWORD")
    )
    sasl_password_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SASL_PASSWORD_FILE")
    )
    ssl_cafile: Path | None = Field(default=None, validation_alias=AliasChoices("KAFKA_SSL_CAFILE"))
    ssl_certfile: Path | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SSL_CERTFILE")
    )
    ssl_keyfile: Path | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SSL_KEYFILE")
    )

    # --- khabar ---
    # True when the brokers are the embedded Tansu (started by this process or by
    # `khabar broker`): selects the short session timeout measured to work with it.
    embedded_broker: bool = False
    topic_prefix: str = "khabar."
    partitions: int = Field(default=4, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    app_id: str = "khabar"
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=6066, ge=0, le=65535)
    data_dir: Path = Path(".khabar-data")
    max_file_bytes: int = Field(default=8 * 1024 * 1024, ge=1)
    max_articles_per_file: int = Field(default=200, ge=1)
    max_article_chars: int = Field(default=200_000, ge=1)
    message_timeout_seconds: float = Field(default=30.0, gt=0)
    # Each agent hands up to batch_size of the messages already waiting to its stage thread at
    # once (never waiting for more to arrive).
    batch_size: int = Field(default=32, ge=1)
    stall_seconds: float = Field(default=120.0, gt=0)
    # Near-duplicates are looked for among articles ingested within this span of each other;
    # older cluster state is dropped. Seconds or ISO-8601 (P7D).
    cluster_window: timedelta = Field(
        default=timedelta(milliseconds=DEFAULT_WINDOW_MS), gt=timedelta(0)
    )
    session_timeout_seconds: float | None = None  # None: 6 s embedded, Kafka default otherwise
    # "exactly_once": Faust runs Kafka transactions (Apache Kafka only: Tansu has none); outputs
    # are visible to read_committed consumers only once their input's offset is committed with
    # them. "at_least_once": a crash redelivers, and the byte-identical copies compact away.
    processing_guarantee: Literal["at_least_once", "exactly_once"] = "at_least_once"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # "json": one JSON object per log line (time, level, logger, message, exception), for log
    # pipelines; "text": a line for people.
    log_format: Literal["text", "json"] = "text"
    # Fault injection for testing the liveness probe: a raw message whose bytes contain this
    # marker makes the split agent wait forever, exactly like a stage stuck on a message.
    debug_stall_marker: str | None = None

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_any_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_any_case(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("cluster_window", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> object:
        """A plain number of seconds from the environment ("3600"), besides ISO-8601 (P7D)."""
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return value
        return value

    @model_validator(mode="after")
    def _transactions_need_kafka(self) -> Settings:
        if self.processing_guarantee == "exactly_once" and self.embedded_broker:
            raise ValueError(
                "KHABAR_PROCESSING_GUARANTEE=exactly_once needs Kafka transactions, which the "
                "embedded broker (Tansu) does not have: use Apache Kafka (khabar broker --kafka) "
                "or at_least_once"
            )
        return self

    @model_validator(mode="after")
    def _password_from_file(self) -> Settings:
        if self.sasl_password is None and self.sasl_password_file is not None:
            secret = SecretStr(self.sasl_password_file.read_text(encoding="utf-8").strip())
            object.__setattr__(self, "sasl_password", secret)
        return self

    def topic(self, suffix: str) -> str:
        """Full topic name for one of :data:`TOPIC_SUFFIXES`."""
        if suffix not in TOPIC_SUFFIXES:
            raise ValueError(f"unknown topic {suffix!r}")
        return f"{self.topic_prefix}{suffix}"

    @cached_property
    def topics(self) -> dict[str, str]:
        return {suffix: self.topic(suffix) for suffix in TOPIC_SUFFIXES}

    @property
    def max_message_bytes(self) -> int:
        """The largest message khabar writes or accepts on any topic: twice the largest raw file
        (a file and its dead-letter headers fit with room to spare), at least 1 MiB. Kafka
        refuses anything over 1 MiB on a topic without ``max.message.bytes``, so every topic
        khabar creates sets it to this."""
        return max(2 * self.max_file_bytes, 1_048_576)

    @property
    def cluster_window_ms(self) -> int:
        return int(self.cluster_window.total_seconds() * 1000)

    def kafka_python_security(self) -> dict[str, object]:
        """Security keyword arguments for kafka-python clients."""
        options: dict[str, object] = {"security_protocol": self.security_protocol}
        if self.security_protocol.startswith("SASL"):
            options["sasl_mechanism"] = self.sasl_mechanism
            options["sasl_plain_username"] = self.sasl_username
            options["sasl_plain_password"] = (
                self.sasl_password.get_secret_value() if self.sasl_password else None
            )
        if self.security_protocol.endswith("SSL"):
            options["ssl_cafile"] = str(self.ssl_cafile) if self.ssl_cafile else None
            options["ssl_certfile"] = str(self.ssl_certfile) if self.ssl_certfile else None
            options["ssl_keyfile"] = str(self.ssl_keyfile) if self.ssl_keyfile else None
        return options

    def redacted(self) -> dict[str, object]:
        """Every setting with secrets hidden, for ``khabar config`` and start-up logs."""
        return {
            key: ("**********" if isinstance(value, SecretStr) else value)
            for key, value in self.model_dump().items()
        }


# KHABAR_* variables read by the deployment files, not by khabar itself (topic retention in the
# compose topic set-up, the image and the TLS folder in compose): present in a worker's
# environment without being settings.
DEPLOYMENT_VARIABLES = frozenset(
    {"KHABAR_DLQ_RETENTION_MS", "KHABAR_CLUSTER_RETENTION_MS", "KHABAR_IMAGE", "KHABAR_TLS_DIR"}
)


class ConfigError(ValueError):
    """The environment holds values khabar cannot use: one line per variable, naming it, the
    value it got and what it accepts."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def variable_names() -> dict[str, str]:
    """Environment variable name -> setting name, for every setting."""
    names: dict[str, str] = {}
    for field_name, info in Settings.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            for choice in alias.choices:
                names[str(choice)] = field_name
        else:
            names[f"KHABAR_{field_name.upper()}"] = field_name
    return names


def load_settings() -> Settings:
    """The settings from the environment, or :class:`ConfigError` with one line per bad one."""
    try:
        return Settings()
    except ValidationError as exc:
        by_field = {field: name for name, field in variable_names().items()}
        lines = []
        for error in exc.errors():
            if not error["loc"]:  # a rule over several settings: its message names them
                lines.append(str(error["msg"]).removeprefix("Value error, "))
                continue
            field = str(error["loc"][0])
            variable = by_field.get(field, field)
            expected = error.get("ctx", {}).get("expected")
            message = error["msg"]
            accepted = f"expected {expected}" if expected else message[:1].lower() + message[1:]
            lines.append(f"invalid {variable}={error.get('input')!r}: {accepted}")
        raise ConfigError(lines) from None


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """A warning for each ``KHABAR_*`` variable that is no setting, with the closest name."""
    known = variable_names()
    warnings = []
    for name in sorted(environ):
        if not name.startswith("KHABAR_") or name in known or name in DEPLOYMENT_VARIABLES:
            continue
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"{name} is not a khabar setting and is ignored{hint}")
    return warnings
