"""Apache Kafka as a local broker: one KRaft node (broker and controller) on 127.0.0.1.

Apache Kafka is what khabar's deployments run, so it is the broker that proves khabar: the
integration tests and benchmarks run on it as well as on the embedded Tansu. Its jars come from
Maven Central through the Maven project beside this file (pom.xml, which pins the version that
deploy/ names too), copied once into a cache folder outside the repository; after that, starting
a broker needs only Java 17.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import ClassVar

from workers.brokers.process import BrokerProcess, free_port

POM = Path(__file__).with_name("pom.xml")
BROKER_MAIN = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
CONSUMER_GROUPS_TOOL = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"
COMPLETE_MARK = ".complete"

# One small node for tests, benchmarks and trying khabar out: single replicas, few internal
# partitions (a 2-core machine creates 50 offsets partitions slowly), no wait before the first
# group rebalance, and a log cleaner that looks often so compaction can be observed.
NODE_CONFIG: dict[str, str] = {
    "process.roles": "broker,controller",
    "node.id": "1",
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "inter.broker.listener.name": "PLAINTEXT",
    "group.initial.rebalance.delay.ms": "0",
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "8",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "transaction.state.log.num.partitions": "8",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    "num.partitions": "1",
    "auto.create.topics.enable": "false",
    "log.cleaner.backoff.ms": "1000",
}

LOG4J2 = """\
rootLogger.level = {level}
rootLogger.appenderRef.out.ref = OUT
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
"""


@cache
def kafka_version() -> str:
    """The pinned Apache Kafka version, from pom.xml (the one place it is written)."""
    match = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", POM.read_text(encoding="utf-8"))
    if match is None:  # pragma: no cover - the pom ships with the package
        raise RuntimeError(f"{POM} names no <kafka.version>")
    return match.group(1).strip()


def cache_dir() -> Path:
    """Where the jars are kept: ``KHABAR_KAFKA_HOME``, or the user's cache folder (outside any
    checkout, so git never sees 60 MB of jars and every clone shares one copy)."""
    configured = os.environ.get("KHABAR_KAFKA_HOME")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "khabar" / f"kafka-{kafka_version()}"


def _require(command: str, debian_package: str) -> str:
    path = shutil.which(command)
    if path is None:
        raise RuntimeError(
            f"the local Apache Kafka needs '{command}' (Debian: apt-get install "
            f"{debian_package}); or use the embedded broker, or set KAFKA_BOOTSTRAP_SERVERS"
        )
    return path


def kafka_libs(timeout: float = 900.0) -> Path:
    """The folder of the broker's jars, resolved from Maven Central by ``mvn`` on first use.

    Maven copies into a fresh folder that is renamed into place only when complete, so an
    interrupted download is never mistaken for a broker."""
    libs = cache_dir() / "lib"
    if (libs / COMPLETE_MARK).exists():
        return libs
    mvn = _require("mvn", "maven")
    libs.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lib-", dir=libs.parent))
    result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
        [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
         f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
        capture_output=True, text=True, timeout=timeout, check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise RuntimeError(
            f"Maven could not resolve Apache Kafka {kafka_version()} from {POM}:\n"
            f"{(result.stdout + result.stderr)[-3000:]}"
        )
    (staging / COMPLETE_MARK).write_text(kafka_version() + "\n", encoding="utf-8")
    try:
        staging.rename(libs)
    except OSError:  # another process finished first: keep its copy
        shutil.rmtree(staging, ignore_errors=True)
    return libs


def java_command(main_class: str, *args: str, heap: str = "256m",
                 log_config: Path | None = None) -> list[str]:
    """``java`` running one of the Kafka jars' main classes."""
    command = [_require("java", "default-jre-headless"), f"-Xmx{heap}", "-Xms64m"]
    if log_config is not None:
        command.append(f"-Dlog4j2.configurationFile={log_config}")
    return [*command, "-cp", f"{kafka_libs()}/*", main_class, *args]


def run_kafka_tool(main_class: str, *args: str, timeout: float = 120.0) -> str:
    """Run one of Kafka's command-line tools (e.g. :data:`CONSUMER_GROUPS_TOOL`) and return its
    output; fail with that output when it exits non-zero."""
    with tempfile.TemporaryDirectory(prefix="khabar-kafka-tool-") as tmp:
        config = Path(tmp) / "log4j2.properties"
        config.write_text(LOG4J2.format(level="WARN"), encoding="utf-8")
        result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
            java_command(main_class, *args, heap="128m", log_config=config),
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"{main_class} {' '.join(args)} exited {result.returncode}:\n"
                           f"{result.stdout}{result.stderr}")
    return result.stdout


def cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (22 characters).

    One id in 64 would begin with "-", which a command line reads as an option (the storage
    tool then stops with "--cluster-id: expected one argument"); Kafka's own ``Uuid.randomUuid``
    draws again in that case, and so does this."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not text.startswith("-"):
            return text


@dataclass
class KafkaBroker(BrokerProcess):
    """A single-node Apache Kafka (KRaft) on 127.0.0.1 with its log in a temporary folder.

    The folder outlives :meth:`stop` (a restart keeps every topic, as a real broker does) and is
    removed when the context manager exits. ``config`` overrides or adds server properties."""

    start_timeout: float = 90.0
    stop_timeout: float = 30.0
    heap: str = "512m"
    controller_port: int = 0
    config: dict[str, str] = field(default_factory=dict)
    directory: Path | None = None
    log_level: str = "INFO"
    kind: ClassVar[str] = "kafka"
    _owns_directory: bool = field(default=False, init=False)

    def folder(self) -> Path:
        """The broker's folder (configuration, log, data); exists from :meth:`prepare` on."""
        if self.directory is None:
            raise RuntimeError("the Kafka broker has no folder before it is started")
        return self.directory

    def properties(self) -> dict[str, str]:
        directory = self.folder()
        return NODE_CONFIG | {
            "listeners": f"PLAINTEXT://{self.host}:{self.port},"
                         f"CONTROLLER://{self.host}:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://{self.host}:{self.port}",
            "controller.quorum.voters": f"1@{self.host}:{self.controller_port}",
            "log.dirs": str(directory / "data"),
        } | self.config

    def prepare(self) -> None:
        if self.directory is not None and (self.directory / "server.properties").exists():
            return  # a restart: same storage, same ports
        if self.directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="khabar-kafka-"))
            self._owns_directory = True
        if self.controller_port == 0:
            self.controller_port = free_port(self.host)
        if self.log_path is None:
            self.log_path = self.directory / "broker.log"
        (self.directory / "log4j2.properties").write_text(
            LOG4J2.format(level=self.log_level), encoding="utf-8")
        properties = self.directory / "server.properties"
        properties.write_text(
            "".join(f"{key}={value}\n" for key, value in sorted(self.properties().items())),
            encoding="utf-8",
        )
        result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
            java_command(STORAGE_TOOL, "format", f"--cluster-id={cluster_id()}",
                         f"--config={properties}",
                         heap="128m", log_config=self.directory / "log4j2.properties"),
            capture_output=True, text=True, timeout=self.start_timeout, check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"formatting the Kafka log folder failed:\n{result.stdout}"
                               f"{result.stderr}")

    def command(self) -> list[str]:
        directory = self.folder()
        return java_command(BROKER_MAIN, str(directory / "server.properties"),
                            heap=self.heap, log_config=directory / "log4j2.properties")

    def cleanup(self) -> None:
        if self._owns_directory and self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None
            self._owns_directory = False
