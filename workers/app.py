"""The Faust application: only the App and its settings. Agents live in ``workers.agents``."""

from __future__ import annotations

import ssl
from typing import Any

import faust
from faust.auth import SASLCredentials, SSLCredentials

from workers.settings import Settings

# Measured on the embedded broker: a consumer-group join takes about half the session timeout,
# so 6 s gives a 3 s join. Real Kafka keeps Faust's defaults unless configured.
EMBEDDED_SESSION_TIMEOUT = 6.0


def _credentials(settings: Settings) -> SASLCredentials | SSLCredentials | None:
    protocol = settings.security_protocol
    if protocol == "PLAINTEXT":
        return None
    context: ssl.SSLContext | None = None
    if protocol.endswith("SSL"):
        context = ssl.create_default_context(
            cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None
        )
        if settings.ssl_certfile:
            context.load_cert_chain(
                str(settings.ssl_certfile),
                str(settings.ssl_keyfile) if settings.ssl_keyfile else None,
            )
    if protocol.startswith("SASL"):
        password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        return SASLCredentials(
            username=settings.sasl_username or "",
            password=password,
            mechanism=settings.sasl_mechanism,
            ssl_context=context,
        )
    return SSLCredentials(context)


def create_app(settings: Settings, bootstrap_servers: str) -> faust.App:
    """A Faust app for one worker process; ``bootstrap_servers`` is a comma-separated list."""
    servers = ";".join(f"khabar://{s.strip()}" for s in bootstrap_servers.split(",") if s.strip())
    session_timeout = settings.session_timeout_seconds
    if session_timeout is None and settings.embedded_broker:
        session_timeout = EMBEDDED_SESSION_TIMEOUT
    options: dict[str, Any] = {}
    if session_timeout is not None:
        options.update(
            broker_session_timeout=session_timeout,
            broker_heartbeat_interval=max(session_timeout / 6, 0.5),
            broker_rebalance_timeout=max(session_timeout * 2, 10.0),
        )
    return faust.App(
        settings.app_id,
        broker=servers,
        broker_credentials=_credentials(settings),
        value_serializer="raw",
        key_serializer="raw",
        web_enabled=True,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_bind=settings.web_host,
        datadir=str(settings.data_dir),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        processing_guarantee=settings.processing_guarantee,
        producer_acks=-1,
        producer_linger=0.02,
        producer_max_batch_size=262_144,
        producer_max_request_size=settings.max_message_bytes,
        consumer_max_fetch_size=max(settings.max_message_bytes, 4 * 1_048_576),
        stream_wait_empty=False,
        store="memory://",
        **options,
    )
