"""Apache Kafka's own tools agree with khabar: the compose stack's topic script makes the topics
khabar makes, kafka-consumer-groups sees the lag khabar reports, and the broker's log cleaner
compacts khabar.enriched down to one record per article."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from kafka import KafkaProducer

from tests.conftest import ROOT, SEEDS, Pipeline, scaled, sha256, wait_for
from tests.integration.test_observability import metric_sum, wait_until_quiet
from workers.brokers.kafka import CONSUMER_GROUPS_TOOL, kafka_libs, run_kafka_tool
from workers.consume import read_to_end
from workers.demo import scrape
from workers.settings import TOPIC_SUFFIXES
from workers.topics import topic_configs

CONFIG_TOOL = "kafka.admin.ConfigCommand"
TOPIC_TOOL = "org.apache.kafka.tools.TopicCommand"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.brokers("kafka", reason="these are Apache Kafka's own tools and log cleaner"),
]


def dynamic_configs(servers: str, topic: str) -> dict[str, str]:
    """The configs set on ``topic`` (not the broker's defaults), as kafka-configs prints them."""
    output = run_kafka_tool(CONFIG_TOOL, "--bootstrap-server", servers, "--describe",
                            "--entity-type", "topics", "--entity-name", topic)
    return dict(re.findall(r"^\s+([\w.]+)=(\S*) sensitive=", output, re.M))


def test_the_compose_topic_script_makes_the_topics_khabar_makes(
    pipeline: Pipeline, tmp_path: Path,
) -> None:
    """deploy/kafka/create-topics.sh runs in the compose stack with Kafka's scripts; here with
    the same tools from the same Kafka version, against a real broker, twice (it must be
    idempotent), and every topic must carry what ``khabar topics`` gives it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for script, main in (("kafka-topics.sh", TOPIC_TOOL), ("kafka-configs.sh", CONFIG_TOOL)):
        path = bin_dir / script
        path.write_text(f'#!/bin/sh\nexec java -Xmx128m -cp "{kafka_libs()}/*" {main} "$@"\n',
                        encoding="utf-8")
        path.chmod(0o755)
    prefix = pipeline.prefix.replace("t", "c", 1)
    env = dict(os.environ, KAFKA_BIN=str(bin_dir), KAFKA_BOOTSTRAP_SERVERS=pipeline.servers,
               KHABAR_TOPIC_PREFIX=prefix)
    for _ in range(2):
        result = subprocess.run(["sh", str(ROOT / "deploy" / "kafka" / "create-topics.sh")],
                                env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    settings = pipeline.settings()
    for suffix in TOPIC_SUFFIXES:
        assert dynamic_configs(pipeline.servers, prefix + suffix) == topic_configs(
            settings, suffix), suffix


def group_lag(servers: str, group: str) -> dict[tuple[str, str], float]:
    """Lag per (topic, partition) as kafka-consumer-groups --describe prints it ("-": nothing
    committed on an empty partition, i.e. no lag)."""
    output = run_kafka_tool(CONSUMER_GROUPS_TOOL, "--bootstrap-server", servers, "--describe",
                            "--group", group)
    lag: dict[tuple[str, str], float] = {}
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[0] == group:
            topic, partition, end, behind = fields[1], fields[2], fields[4], fields[5]
            lag[(topic, partition)] = float(behind) if behind != "-" else 0.0
            assert behind != "-" or end in ("0", "-"), line
    return lag


def khabar_lag(port: int) -> dict[tuple[str, str], float]:
    samples = scrape(f"http://127.0.0.1:{port}/metrics")
    return {
        (labels["topic"], labels["partition"]): value
        for (name, key), value in samples.items()
        if name == "khabar_consumer_lag_messages"
        for labels in [dict(key)]
    }


def test_kafka_consumer_groups_sees_the_lag_khabar_reports(pipeline: Pipeline) -> None:
    """At a quiet moment with messages waiting (a file stuck in the split stage holds back the
    ones behind it on its partition), Kafka's tool and khabar's gauge give the same lag on every
    partition of the group."""
    port = pipeline.start_worker({"KHABAR_DEBUG_STALL_MARKER": "STALL-HERE",
                                  "KHABAR_STALL_SECONDS": "600"})
    result = pipeline.publish(*SEEDS)
    assert result.returncode == 0, result.stderr
    wait_until_quiet(f"http://127.0.0.1:{port}/metrics", 6, scaled(len(SEEDS), 2))
    behind = 4
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    producer.send(pipeline.topic("raw"), key=b"k", value=b"STALL-HERE " + SEEDS[0].read_bytes())
    for i in range(behind):
        producer.send(pipeline.topic("raw"), key=b"k", value=SEEDS[1].read_bytes() + b"%d" % i)
    producer.flush()
    producer.close()
    wait_for(lambda: metric_sum(f"http://127.0.0.1:{port}/metrics",
                                "khabar_consumer_lag_messages") == behind + 1,
             scaled(1, 0), "khabar to count the stuck file and the ones behind it")
    # Faust commits every 2.8 s: after two commit intervals the group's offsets are current.
    time.sleep(6)
    ours = khabar_lag(port)
    theirs = group_lag(pipeline.servers, pipeline.app_id)
    mine = {key: value for key, value in theirs.items() if key[0].startswith(pipeline.prefix)}
    assert sum(mine.values()) == behind + 1, theirs
    assert {k: v for k, v in mine.items() if v} == {k: v for k, v in ours.items() if v}
    assert set(ours) <= set(mine), "khabar reports partitions the group does not read"


def test_enriched_is_compacted_to_one_record_per_article(pipeline: Pipeline) -> None:
    """Redelivery after a crash writes an article again, byte-identical; compaction removes the
    older copy. Each seed is published twice as the same message (same bytes, key and
    timestamp), which is what a redelivery is to the worker; small, short-lived segments let the
    cleaner run within the test."""
    topic = pipeline.topic("enriched")
    run_kafka_tool(CONFIG_TOOL, "--bootstrap-server", pipeline.servers, "--alter",
                   "--entity-type", "topics", "--entity-name", topic, "--add-config",
                   "segment.ms=500,min.cleanable.dirty.ratio=0.01,min.compaction.lag.ms=0,"
                   "delete.retention.ms=0")
    pipeline.start_worker()
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    sent_at = int(time.time() * 1000)
    for _ in range(2):
        for seed in SEEDS:
            data = seed.read_bytes()
            producer.send(pipeline.topic("raw"), key=sha256(data).encode(), value=data,
                          timestamp_ms=sent_at).get(timeout=30)
    articles = 9  # the seeds' articles, counted by hand (test_pipeline.ARTICLES_PER_SEED)

    def records() -> list[tuple[bytes | None, bytes]]:
        """Every record on the topic now (tombstones left out)."""
        messages = read_to_end(pipeline.settings(), pipeline.servers, topic)
        return [(m.key, m.value) for m in messages if m.value is not None]

    wait_for(lambda: len(records()) >= 2 * articles, scaled(2 * len(SEEDS), 2),
             "both copies of every article on khabar.enriched")
    assert len(set(records())) == articles, "the copies must be byte-identical"
    rolls = 0

    def compacted() -> bool:
        # The active segment is never cleaned: a tombstone of a key of its own, later than
        # segment.ms, rolls the segment holding the copies (and is itself removed later).
        nonlocal rolls
        rolls += 1
        producer.send(topic, key=b"roll-%d" % rolls, value=None).get(timeout=30)
        time.sleep(1)
        return len(records()) == articles

    try:
        wait_for(compacted, scaled(1, 0, base=120), "the log cleaner to remove the older copies")
    finally:
        producer.close()
    assert len({key for key, _ in records()}) == articles


def test_the_storage_tool_formats_a_cluster_id_that_begins_with_a_dash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An id like "-Xa…" is valid base64 and one random id in 64 had that form; passed as a
    separate argument it read as an option and the broker never started. The id is forced here
    and the real storage tool must write it into the folder's meta.properties."""
    from workers.brokers import kafka
    from workers.brokers.process import free_port

    forced = "-" + kafka.cluster_id()[1:]
    monkeypatch.setattr(kafka, "cluster_id", lambda: forced)
    broker = kafka.KafkaBroker(port=free_port())
    try:
        broker.prepare()
        meta = (broker.folder() / "data" / "meta.properties").read_text(encoding="utf-8")
        assert f"cluster.id={forced}\n" in meta
    finally:
        broker.cleanup()
