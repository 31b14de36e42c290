"""Shared fixtures: real brokers, workers as real subprocesses.

Every test that takes the ``broker`` fixture runs twice, on Apache Kafka (the reference: what
deployments run) and on Tansu (the embedded default), one broker of each kind per test session.
A test meaningless on one kind says so with ``@pytest.mark.brokers("kafka", reason=...)``.
``KHABAR_TEST_BROKERS=kafka`` (or ``tansu``) runs one kind only, for a quick local loop.

Each test gets its own topic prefix and consumer group, so tests share the broker without
seeing each other's messages.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI runs property tests with a fixed derivation of examples, so a run is reproducible from
# its commit; local runs keep exploring new examples (and remember failures in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SCHEMAS = ROOT / "schemas"


@cache
def schema_registry():  # type: ignore[no-untyped-def]
    from referencing import Registry, Resource

    resources = []
    for path in SCHEMAS.glob("*.schema.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents)
        resources.append((contents["$id"], resource))
    return Registry().with_resources(resources)


@cache
def validator(topic: str):  # type: ignore[no-untyped-def]
    """A JSON Schema validator for the value of ``khabar.<topic>``."""
    from jsonschema import Draft202012Validator

    schema = json.loads((SCHEMAS / f"khabar.{topic}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=schema_registry())


def scaled(units: float, seconds_each: float, base: float = 60.0) -> float:
    """A deadline for waiting on ``units`` of work: a base for start-up and group joins plus a
    share per unit, sized for a loaded 2-core machine (about ten times what a quiet one needs),
    so a test fails on it only when the work did not happen."""
    return base + units * seconds_each


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local test URL
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# On Apache Kafka the tests use a 10 s session timeout (Faust's default is 60 s): a killed
# worker's partitions move after 10 s instead of a minute. Tansu has its own (app.py).
KAFKA_TEST_SESSION_TIMEOUT = "10"


def broker_kinds_for(item_marker: pytest.Mark | None) -> tuple[str, ...]:
    from workers.brokers import BROKER_KINDS

    kinds: tuple[str, ...] = BROKER_KINDS
    if item_marker is not None:
        if not item_marker.kwargs.get("reason"):
            raise pytest.UsageError("@pytest.mark.brokers(...) needs reason=: say why")
        kinds = tuple(item_marker.args)
    chosen = os.environ.get("KHABAR_TEST_BROKERS")
    if chosen:
        kinds = tuple(kind for kind in kinds if kind in chosen.split(","))
    return kinds


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``broker`` (a shared broker per kind) or ``broker_kind`` (a test that starts its own)."""
    kinds = broker_kinds_for(metafunc.definition.get_closest_marker("brokers"))
    if "broker" in metafunc.fixturenames:
        metafunc.parametrize("broker", kinds, indirect=True, scope="session")
    elif "broker_kind" in metafunc.fixturenames:
        metafunc.parametrize("broker_kind", kinds)


@pytest.fixture(scope="session")
def broker(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A local broker of the kind the test is parametrised with; yields the BrokerProcess."""
    from workers.brokers import local_broker

    with local_broker(request.param) as local:
        yield local


@dataclass
class Pipeline:
    """One isolated pipeline on the shared broker: its own topics, group and workers."""

    servers: str
    prefix: str
    app_id: str
    tmp: Path
    kind: str = "tansu"
    workers: list[tuple[subprocess.Popen[bytes], int, Path]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            KAFKA_BOOTSTRAP_SERVERS=self.servers,
            KHABAR_TOPIC_PREFIX=self.prefix,
            KHABAR_APP_ID=self.app_id,
            KHABAR_LOG_LEVEL="INFO",
        )
        if self.kind == "tansu":
            env["KHABAR_EMBEDDED_BROKER"] = "true"
        else:
            env.pop("KHABAR_EMBEDDED_BROKER", None)
            env["KHABAR_SESSION_TIMEOUT_SECONDS"] = KAFKA_TEST_SESSION_TIMEOUT
        return env

    def settings(self, **overrides: object):  # type: ignore[no-untyped-def]
        from workers.settings import Settings

        return Settings(
            bootstrap_servers=self.servers, topic_prefix=self.prefix, app_id=self.app_id,
            embedded_broker=self.kind == "tansu", **overrides,
        )

    def topic(self, suffix: str) -> str:
        return f"{self.prefix}{suffix}"

    def configure_topics(self, **overrides: object) -> None:
        """Give every topic the configs ``khabar topics`` would create it with under these
        settings (a test raising KHABAR_MAX_FILE_BYTES needs the topics to take such files)."""
        from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

        from workers.topics import topic_configs

        settings = self.settings(**overrides)
        admin = KafkaAdminClient(bootstrap_servers=self.servers, client_id="khabar-test")
        resources = [ConfigResource(ConfigResourceType.TOPIC, name,
                                    configs=topic_configs(settings, suffix))
                     for suffix, name in settings.topics.items()]
        deadline = time.monotonic() + 60
        try:
            while True:
                # The broker checks the keys and answers per topic. kafka-python's own check
                # (raise_on_unknown) describes the topics first, and a topic created a moment
                # ago can describe as empty on a busy machine: "Unrecognized configs".
                answer = admin.alter_configs(resources, incremental=True, raise_on_unknown=False)
                results = answer.get("topic", {})
                refused = {name: result for name, result in results.items() if result != "OK"}
                if len(results) == len(resources) and not refused:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError(f"topic configs refused after 60 s: {refused}")
                time.sleep(0.5)
        finally:
            admin.close()

    def start_worker(self, extra_env: dict[str, str] | None = None, ready: bool = True) -> int:
        from workers.brokers.process import free_port

        port = free_port()
        log = self.tmp / f"worker-{len(self.workers)}.log"
        env = self.env | {
            "KHABAR_WEB_HOST": "127.0.0.1",
            "KHABAR_WEB_PORT": str(port),
            "KHABAR_DATA_DIR": str(self.tmp / f"data-{len(self.workers)}"),
        } | (extra_env or {})
        process = subprocess.Popen(
            [sys.executable, "-m", "workers", "worker"],
            env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT,
        )
        self.workers.append((process, port, log))
        if ready:
            wait_for(
                lambda: http_status(f"http://127.0.0.1:{port}/readyz") == 200
                or process.poll() is not None,
                60, "the worker to be ready",
            )
            assert process.poll() is None, log.read_text()
        return port

    def stop_workers(self) -> None:
        for process, _, _ in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _, _ in self.workers:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)

    def publish(self, *paths: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workers", "publish", *map(str, paths)],
            env=self.env, capture_output=True, text=True, timeout=120, cwd=ROOT,
        )

    def read_latest(
        self, suffix: str, until: Callable[[dict[str, bytes]], bool], timeout: float
    ) -> dict[str, bytes]:
        """The latest value per key of one topic, read until ``until(latest)`` holds (checked
        twice a second) or the timeout."""
        from workers.consume import read_topic

        latest: dict[str, bytes] = {}
        consumed = 0
        checked = 0.0

        def enough(seen: list) -> bool:  # type: ignore[type-arg]
            nonlocal consumed, checked
            for message in seen[consumed:]:
                latest[message.key.decode()] = message.value
            consumed = len(seen)
            if time.monotonic() - checked < 0.5:
                return False
            checked = time.monotonic()
            return until(latest)

        for message in read_topic(self.settings(), self.servers, self.topic(suffix),
                                  timeout=timeout, until=enough):
            latest[message.key.decode()] = message.value
        return latest

    def read(self, suffix: str, *, count: int, timeout: float = 60.0,  # type: ignore[type-arg]
             **settings: object) -> list:
        """Messages of one topic until ``count`` distinct keys were seen (or the timeout)."""
        from workers.consume import read_topic

        return list(read_topic(
            self.settings(**settings), self.servers, self.topic(suffix), timeout=timeout,
            until=lambda seen: len({m.key for m in seen}) >= count,
        ))


def expected_clusters(enriched: list[bytes]) -> dict[str, bytes]:
    """The cluster map an uninterrupted in-process run makes of these enriched records (in
    any order): what the latest values on khabar.clusters must equal."""
    from workers.stages.cluster import cluster_articles
    from workers.stages.cluster.wire import member_of_article

    members = [member_of_article(value) for value in enriched]
    return {key: r.dumps() for key, r in sorted(cluster_articles(members).items())}


@pytest.fixture
def pipeline(broker, tmp_path: Path) -> Iterator[Pipeline]:  # type: ignore[no-untyped-def]
    from workers.topics import create_topics

    name = uuid.uuid4().hex[:8]
    p = Pipeline(servers=broker.bootstrap_servers, prefix=f"t{name}.", app_id=f"khabar-t{name}",
                 tmp=tmp_path, kind=broker.kind)
    create_topics(p.settings(), p.servers)
    try:
        yield p
    finally:
        p.stop_workers()
