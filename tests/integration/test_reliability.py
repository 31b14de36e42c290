"""No input lost under crashes and rebalances; limits turn poison pills into dead letters."""

from __future__ import annotations

import hashlib
import signal
import time
from collections import defaultdict

import pytest
from kafka import KafkaProducer

from tests.conftest import SEEDS, Pipeline, wait_for
from tests.integration.test_pipeline import ARTICLES_PER_SEED
from workers.dead_letters import read_error
from workers.demo import scrape
from workers.record import make_article_id

pytestmark = pytest.mark.integration


def generated(count: int) -> list[tuple[bytes, int]]:
    """Distinct raw files made from the seeds, with the number of articles each must yield
    (an appended line is one more paragraph of the last article, never a new article)."""
    files = []
    for i in range(count):
        seed = SEEDS[i % len(SEEDS)]
        data = seed.read_bytes() + f"\nنسخة رقم {i} من الملف.\n".encode()
        files.append((data, ARTICLES_PER_SEED[seed.name[:3]]))
    return files


def publish_all(pipeline: Pipeline, files: list[tuple[bytes, int]]) -> set[str]:
    producer = KafkaProducer(bootstrap_servers=pipeline.servers, linger_ms=20, acks="all")
    expected = set()
    for data, articles in files:
        digest = hashlib.sha256(data).hexdigest()
        producer.send(pipeline.topic("raw"), key=digest.encode(), value=data)
        expected |= {make_article_id(digest, p) for p in range(articles)}
    producer.flush()
    producer.close()
    return expected


def enriched_so_far(port: int) -> float:
    try:
        samples = scrape(f"http://127.0.0.1:{port}/metrics")
    except OSError:
        return 0.0
    return samples.get(("khabar_stage_records_out_total", (("stage", "enrich"),)), 0.0)


def collect(pipeline: Pipeline, expected: set[str], timeout: float) -> dict[str, list[bytes]]:
    values: dict[str, list[bytes]] = defaultdict(list)
    for message in pipeline.read("enriched", count=len(expected), timeout=timeout):
        values[message.key.decode()].append(message.value)
    return values


def assert_complete(values: dict[str, list[bytes]], expected: set[str]) -> int:
    missing = expected - set(values)
    assert not missing, f"{len(missing)} articles missing"
    duplicates = 0
    for key, copies in values.items():
        assert len(set(copies)) == 1, f"redelivered copies of {key} differ"
        duplicates += len(copies) - 1
    return duplicates


def test_kill_9_mid_stream_loses_nothing(pipeline: Pipeline) -> None:
    files = generated(2000)
    expected = publish_all(pipeline, files)
    port = pipeline.start_worker()
    wait_for(lambda: enriched_so_far(port) >= len(expected) // 5, 180, "a fifth of the articles")
    process = pipeline.workers[0][0]
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    killed_at = time.monotonic()
    pipeline.start_worker()
    values = collect(pipeline, expected, timeout=300)
    duplicates = assert_complete(values, expected)
    print(f"\nkill -9: {len(files)} files, {len(expected)} articles, 0 missing, "
          f"{duplicates} byte-identical duplicates, recovered in "
          f"{time.monotonic() - killed_at:.1f} s")


def test_rebalance_when_one_of_two_workers_stops(pipeline: Pipeline) -> None:
    first = pipeline.start_worker()
    second = pipeline.start_worker()
    files = generated(600)
    expected = publish_all(pipeline, files)
    wait_for(lambda: enriched_so_far(first) + enriched_so_far(second) >= len(expected) // 4,
             180, "a quarter of the articles")
    process = pipeline.workers[1][0]
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    values = collect(pipeline, expected, timeout=240)
    duplicates = assert_complete(values, expected)
    print(f"\nrebalance: {len(expected)} articles, 0 missing, {duplicates} duplicates")


def test_per_message_time_limit_dead_letters_and_moves_on(pipeline: Pipeline) -> None:
    # Half a second is far more than a seed needs, far less than ~7 MB of text does.
    pipeline.start_worker({"KHABAR_MESSAGE_TIMEOUT_SECONDS": "0.5"})
    paragraph = ("قال المتحدث باسم الكرملين ديمتري بيسكوف اليوم الاثنين إن المحادثات «مفيدة». "
                 * 40 + "\n").encode()
    slow = paragraph * (7_000_000 // len(paragraph))
    producer = KafkaProducer(bootstrap_servers=pipeline.servers, max_request_size=16_000_000)
    producer.send(pipeline.topic("raw"), key=b"slow", value=slow).get(timeout=60)
    producer.send(pipeline.topic("raw"), key=b"slow", value=SEEDS[2].read_bytes()).get(timeout=60)
    producer.close()
    (letter,) = pipeline.read("dlq", count=1)
    assert read_error(letter.headers)["reason"] == "timeout"
    assert letter.value == slow
    (article,) = pipeline.read("enriched", count=1)
    assert article.value


def test_broker_restart_is_reported_and_survived(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The embedded broker keeps everything in memory, so after a restart the topics are
    created again and new messages must flow; meanwhile the probes must tell the truth."""
    from tests.conftest import http_status
    from workers.broker import EmbeddedBroker, create_topics, free_port

    port = free_port()
    broker = EmbeddedBroker(port=port).start()
    pipeline = Pipeline(servers=broker.bootstrap_servers, prefix="restart.",
                        app_id="khabar-restart", tmp=tmp_path)
    try:
        create_topics(pipeline.settings(), pipeline.servers)
        web = pipeline.start_worker()
        readyz, livez = (f"http://127.0.0.1:{web}/{p}" for p in ("readyz", "livez"))
        broker.stop()
        wait_for(lambda: http_status(readyz) == 503, 20, "/readyz to report the lost broker")
        assert http_status(livez) == 200  # restarting the worker would not bring the broker back
        assert pipeline.workers[0][0].poll() is None

        broker = EmbeddedBroker(port=port).start()
        create_topics(pipeline.settings(), pipeline.servers)
        wait_for(lambda: http_status(readyz) == 200, 60, "/readyz to recover")
        producer = KafkaProducer(bootstrap_servers=pipeline.servers)
        producer.send(pipeline.topic("raw"), SEEDS[2].read_bytes()).get(timeout=30)
        producer.close()
        assert pipeline.read("enriched", count=1, timeout=60)
        log = pipeline.workers[0][2].read_text()
        assert "brokers unreachable" in log
        assert "brokers reachable again" in log
    finally:
        pipeline.stop_workers()
        broker.stop()
