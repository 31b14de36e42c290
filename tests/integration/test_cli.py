"""The khabar commands as a user runs them, against the real broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from kafka import KafkaProducer

from tests.conftest import ROOT, SEEDS, Pipeline, wait_for
from workers.brokers.process import free_port
from workers.consume import Message, read_to_end, read_topic

pytestmark = pytest.mark.integration


def khabar(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workers", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)


def test_publish_to_an_unreachable_broker_fails_clearly(pipeline: Pipeline) -> None:
    env = pipeline.env | {"KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}"}
    started = time.monotonic()
    result = khabar(env, "publish", str(SEEDS[0]))
    assert result.returncode == 1
    assert "no Kafka broker answered" in result.stderr
    assert "published" not in result.stdout
    assert time.monotonic() - started < 60


def test_publish_reports_each_refused_file_and_still_sends_the_rest(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.touch()
    result = khabar(pipeline.env, "publish", str(SEEDS[0]), str(tmp_path / "missing.txt"),
                    str(empty))
    assert result.returncode == 1
    assert f"refused {tmp_path / 'missing.txt'}: missing" in result.stderr
    assert f"refused {empty}: empty" in result.stderr
    assert "published 1 of 3 files" in result.stdout
    (message,) = pipeline.read("raw", count=1)
    assert message.value == SEEDS[0].read_bytes()
    assert ("khabar.file.name", SEEDS[0].name.encode()) in message.headers


def dlq_messages(pipeline: Pipeline, count: int) -> list[Message]:
    """The first ``count`` dead letters (they share one key, so one partition: in order)."""
    messages = list(read_topic(pipeline.settings(), pipeline.servers, pipeline.topic("dlq"),
                               max_messages=count, timeout=120))
    assert len(messages) == count
    return messages


def test_dlq_list_and_replay(pipeline: Pipeline) -> None:
    pipeline.start_worker()
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    producer.send(pipeline.topic("raw"), key=b"blank", value=b" \n\t\n").get(timeout=30)
    producer.close()
    pipeline.read("dlq", count=1)

    listed = khabar(pipeline.env, "dlq", "list")
    assert listed.returncode == 0, listed.stderr
    (letter,) = [orjson.loads(line) for line in listed.stdout.splitlines()]
    assert letter["error.reason"] == "whitespace_only"
    assert letter["error.stage"] == "split"
    assert letter["key"] == "blank"
    assert letter["replayed_at"] is None
    assert "dead letters read: 1 of 1" in listed.stderr

    none = khabar(pipeline.env, "dlq", "list", "--reason", "binary")
    assert none.returncode == 0, none.stderr
    assert none.stdout == ""

    dry = khabar(pipeline.env, "dlq", "replay", "--dry-run")
    assert dry.stdout.startswith("would replay 1 dead letters; 0 sent by an earlier replay")
    assert f"1 whitespace_only -> {pipeline.topic('raw')}" in dry.stdout

    replayed = khabar(pipeline.env, "dlq", "replay")
    assert replayed.stdout.startswith("replayed 1 dead letters; 0 sent by an earlier replay")
    # Replayed to the raw topic, it fails the same way again: a second dead letter appears,
    # which leads back to the first.
    first, again_failed = dlq_messages(pipeline, 2)
    assert dict(again_failed.headers)["khabar.replay.of"].decode() == (
        f"{pipeline.topic('dlq')}/{first.partition}:{first.offset}")

    # A second replay sends only the new failure, not the letter replayed before: the DLQ
    # grows by one per replay, never doubles (it went 1, 2, 4 when replays resent replays).
    second = khabar(pipeline.env, "dlq", "replay")
    assert second.stdout.startswith("replayed 1 dead letters; 1 sent by an earlier replay")
    dlq_messages(pipeline, 3)
    raw = list(read_to_end(pipeline.settings(), pipeline.servers, pipeline.topic("raw")))
    assert len(raw) == 3  # the original and one copy per replay
    assert not any(k.startswith("khabar.error.") for m in raw[1:] for k, _ in m.headers)

    listed = khabar(pipeline.env, "dlq", "list")
    marked = [orjson.loads(line) for line in listed.stdout.splitlines()]
    assert len(marked) == 3
    assert [m["replayed_at"] is not None for m in marked] == [True, True, False]
    assert [m["replay_of"] is not None for m in marked] == [False, True, True]
    everything = khabar(pipeline.env, "dlq", "replay", "--again", "--dry-run")
    assert everything.stdout.startswith("would replay 3 dead letters; 0 sent by an earlier")


def test_dlq_list_reads_a_long_dead_letter_topic_to_its_end(pipeline: Pipeline) -> None:
    """Every letter of a DLQ written in one burst is listed, however long it takes to read:
    the list ends at the topic's end, not after a fixed time or a second of silence."""
    count = 3000
    producer = KafkaProducer(bootstrap_servers=pipeline.servers, linger_ms=20)
    for i in range(count):
        headers = [("khabar.error.reason", b"binary"), ("khabar.error.stage", b"split")]
        producer.send(pipeline.topic("dlq"), key=f"k{i}".encode(), value=b"x" * 2_000,
                      headers=headers)
    producer.flush()
    producer.close()
    listed = khabar(pipeline.env, "dlq", "list", "--reason", "binary")
    assert listed.returncode == 0, listed.stderr
    keys = [orjson.loads(line)["key"] for line in listed.stdout.splitlines()]
    assert sorted(keys) == sorted(f"k{i}" for i in range(count))
    assert f"dead letters read: {count} of {count}" in listed.stderr


def test_publish_watch_remembers_what_it_sent_moves_it_and_stops_on_sigterm(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    """A restarted watcher sends only what is new (it used to send the whole folder again),
    --done empties the inbox, and SIGTERM ends it like Ctrl-C (it used to die with rc 143)."""
    inbox, done, state = tmp_path / "inbox", tmp_path / "done", tmp_path / "sent.jsonl"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_bytes(SEEDS[0].read_bytes())
    (inbox / "sub" / "b.txt").write_bytes(SEEDS[1].read_bytes())

    def watch(*extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "workers", "publish", "--watch", str(inbox), "--interval",
             "0.2", "--state", str(state), *extra],
            env=pipeline.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def stop(process: subprocess.Popen[str]) -> str:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert "stopped watching" in out
        return out

    def recorded() -> int:
        return len(state.read_text().splitlines()) if state.exists() else 0

    first = watch()
    wait_for(lambda: recorded() == 2, 60, "both files to be sent and recorded")
    stop(first)

    (inbox / "c.txt").write_bytes(SEEDS[2].read_bytes())
    second = watch("--done", str(done))
    wait_for(lambda: not any(p.is_file() for p in inbox.rglob("*")), 60, "the inbox to empty")
    out = stop(second)
    assert "2 files sent before are recorded" in out
    assert "published 1 of 1 files" in out
    assert sorted(str(p.relative_to(done)) for p in done.rglob("*") if p.is_file()) == [
        "a.txt", "c.txt", "sub/b.txt"]
    raw = list(read_to_end(pipeline.settings(), pipeline.servers, pipeline.topic("raw")))
    names = sorted(dict(m.headers)["khabar.file.name"] for m in raw)
    assert names == [b"a.txt", b"b.txt", b"c.txt"]


def test_consume_prints_json_lines(pipeline: Pipeline) -> None:
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    producer.send(pipeline.topic("raw"), key=b"k", value="نص".encode()).get(timeout=30)
    producer.close()
    result = khabar(pipeline.env, "consume", "raw", "--max", "1", "--timeout", "20")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    message = orjson.loads(line)
    assert (message["key"], message["value"]) == ("k", "نص")
    assert message["topic"] == pipeline.topic("raw")


def test_demo_runs_the_seeds_through_and_reports_their_story_clusters(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    output = tmp_path / "demo.jsonl"
    env = pipeline.env | {"KHABAR_DATA_DIR": str(tmp_path / "data")}
    result = khabar(env, "demo", "--output", str(output), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    records = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    assert len(records) == 9
    assert {r["file"]["name"] for r in records} == {p.name for p in SEEDS}
    assert "9 articles from 5 files, 0 dead letters" in result.stdout
    # The five seeds are five different stories with nine different articles.
    assert "story clusters: 9 for 9 articles (0 joined an earlier copy)" in result.stdout
    assert "worker stopped (exit 0)" in result.stdout


def test_khabar_broker_serves_every_topic_then_stops_on_sigterm(
    broker_kind: str, tmp_path: Path,
) -> None:
    """`khabar broker` (Tansu) and `khabar broker --kafka`: topics created, the variables to
    export printed, a clean stop on SIGTERM that leaves nothing listening (and, for Kafka, no
    log folder behind)."""
    from kafka import KafkaAdminClient

    from workers.settings import TOPIC_SUFFIXES

    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KAFKA_", "KHABAR_"))} | {"TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "workers", "broker", "--port", str(port), f"--{broker_kind}"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        def topics() -> set[str]:
            try:
                admin = KafkaAdminClient(bootstrap_servers=f"127.0.0.1:{port}",
                                         request_timeout_ms=5000)
            except Exception:  # noqa: BLE001 - not listening yet
                return set()
            try:
                return set(admin.list_topics())
            finally:
                admin.close()

        wanted = {f"khabar.{suffix}" for suffix in TOPIC_SUFFIXES}
        wait_for(lambda: wanted <= topics() or process.poll() is not None, 180,
                 "the broker with every khabar topic")
        assert process.poll() is None
        folders = list(tmp_path.glob("khabar-kafka-*"))
        assert len(folders) == (broker_kind == "kafka"), folders
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=90)
    assert process.returncode == 0, output
    assert f"export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:{port}" in output
    assert ("KHABAR_EMBEDDED_BROKER=true" in output) == (broker_kind == "tansu")
    assert "broker stopped" in output
    assert list(tmp_path.glob("khabar-kafka-*")) == [], "the Kafka log folder was left behind"
