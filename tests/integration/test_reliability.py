"""No input lost under crashes and rebalances; limits turn poison pills into dead letters."""

from __future__ import annotations

import hashlib
import signal
import time
from collections import defaultdict

import orjson
import pytest
from kafka import KafkaProducer

from tests.conftest import SEEDS, Pipeline, expected_clusters, scaled, wait_for
from tests.integration.test_pipeline import ARTICLES_PER_SEED
from workers.consume import read_to_end
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


def partitions_of(port: int) -> float:
    try:
        samples = scrape(f"http://127.0.0.1:{port}/metrics")
    except OSError:
        return 0.0
    return samples.get(("khabar_assigned_partitions", ()), 0.0)


def collect(pipeline: Pipeline, expected: set[str], timeout: float) -> dict[str, list[bytes]]:
    values: dict[str, list[bytes]] = defaultdict(list)
    for message in pipeline.read("enriched", count=len(expected), timeout=timeout):
        values[message.key.decode()].append(message.value)
    return values


def where_missing(pipeline: Pipeline, missing: set[str]) -> str:
    """The last hop each missing article reached, read off the intermediate topics and the
    dead letters: what tells a lost message from a slow one when the test fails."""
    found: dict[str, str] = {}
    for suffix in ("articles", "tagged", "dated"):
        for message in pipeline.read(suffix, count=len(missing) + 10**6, timeout=30):
            key = (message.key or b"").decode()
            if key in missing:
                found[key] = suffix
    files = {key.rsplit("-", 1)[0] for key in missing}
    letters = [
        f"{read_error(m.headers).get('stage')}:{read_error(m.headers).get('reason')}"
        for m in pipeline.read("dlq", count=10**6, timeout=15)
        if hashlib.sha256(m.value or b"").hexdigest() in files or (m.key or b"").decode() in missing
    ]
    reached = {hop: sum(1 for h in found.values() if h == hop) for hop in ("articles", "tagged",
                                                                            "dated")}
    errors = worker_lines(pipeline, (" ERROR ", " CRITICAL "))
    return (f"last hop reached {reached}, never split {len(missing) - len(found)}, "
            f"dead letters {letters}, e.g. {sorted(missing)[:2]}; lag {live_lag(pipeline)}; "
            f"worker errors {errors[:5]}")


def worker_lines(pipeline: Pipeline, markers: tuple[str, ...]) -> list[str]:
    """The workers' log lines holding any of ``markers``, without their timestamps, once."""
    return sorted({
        line.split(" ", 3)[-1][:160]
        for _, _, log in pipeline.workers
        for line in log.read_text(errors="replace").splitlines()
        if any(marker in line for marker in markers)
    })


def live_lag(pipeline: Pipeline) -> dict[str, float]:
    """What the live workers still have to read, per topic and partition: a stall, not a loss,
    when non-zero."""
    lag: dict[str, float] = {}
    for process, port, _ in pipeline.workers:
        if process.poll() is None:
            try:
                samples = scrape(f"http://127.0.0.1:{port}/metrics")
            except OSError:
                continue
            lag |= {
                dict(labels).get("topic", "?") + f"[{dict(labels).get('partition', '?')}]": value
                for (name, labels), value in samples.items()
                if name == "khabar_consumer_lag_messages" and value
            }
    return lag


def assert_complete(values: dict[str, list[bytes]], expected: set[str],
                    pipeline: Pipeline) -> int:
    missing = expected - set(values)
    assert not missing, f"{len(missing)} articles missing: {where_missing(pipeline, missing)}"
    duplicates = 0
    for key, copies in values.items():
        assert len(set(copies)) == 1, f"redelivered copies of {key} differ"
        duplicates += len(copies) - 1
    return duplicates


def assert_clusters_complete(
    pipeline: Pipeline, values: dict[str, list[bytes]], timeout: float
) -> dict[str, bytes]:
    """The latest values on khabar.clusters equal the clusters an uninterrupted in-process run
    makes of the same enriched records."""
    expected = expected_clusters([copies[0] for copies in values.values()])
    latest = pipeline.read_latest("clusters", lambda seen: seen == expected, timeout)
    missing = expected.keys() - latest.keys()
    differ = [key for key in expected.keys() & latest.keys() if latest[key] != expected[key]]
    assert not missing and not differ, (
        f"{len(missing)} articles without a cluster record, {len(differ)} different, "
        f"e.g. {sorted(missing)[:1] or sorted(differ)[:1]}; lag {live_lag(pipeline)}; "
        f"the last worker's cluster state: {cluster_state_lines(pipeline)}; worker warnings "
        f"and errors {worker_lines(pipeline, (' WARNING ', ' ERROR ', ' CRITICAL '))[:10]}"
    )
    assert latest == expected
    return latest


def cluster_state_lines(pipeline: Pipeline) -> list[str]:
    """The last worker's replays, in order: each cluster-state partition should say
    "rebuilding" then "rebuilt" (a replay that never ends, or never starts, shows here)."""
    log = pipeline.workers[-1][2]
    return [line.split(": ", 1)[-1][:120] for line in log.read_text(errors="replace").splitlines()
            if "workers.cluster_agents" in line or "workers.consume" in line]


def kill_9_mid_stream(pipeline: Pipeline, env: dict[str, str] | None = None) -> int:
    """2,000 files, the worker killed (SIGKILL) a fifth of the way through and started again:
    every article must come out, with clusters equal to an uninterrupted run. Returns the number
    of duplicates (byte-identical copies) a read_committed reader saw."""
    files = generated(2000)
    expected = publish_all(pipeline, files)
    port = pipeline.start_worker(env)
    wait_for(lambda: enriched_so_far(port) >= len(expected) // 5, scaled(len(expected) / 5, 0.1),
             "a fifth of the articles")
    process = pipeline.workers[0][0]
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    killed_at = time.monotonic()
    pipeline.start_worker(env)
    values = collect(pipeline, expected, timeout=scaled(len(expected), 0.1))
    duplicates = assert_complete(values, expected, pipeline)
    recovered = time.monotonic() - killed_at
    latest = assert_clusters_complete(pipeline, values, timeout=scaled(len(expected), 0.1))
    # Every copy on the topic now (the clusters are complete, so the enriched stage is done).
    everything: dict[str, list[bytes]] = defaultdict(list)
    for message in read_to_end(pipeline.settings(), pipeline.servers, pipeline.topic("enriched")):
        everything[message.key.decode()].append(message.value)
    duplicates = assert_complete(everything, expected, pipeline)
    canonical = sum(1 for value in latest.values() if b'"canonical":true' in value)
    guarantee = (env or {}).get("KHABAR_PROCESSING_GUARANTEE", "at_least_once")
    print(f"\nkill -9 on {pipeline.kind}, {guarantee}: {len(files)} files, {len(expected)} "
          f"articles, 0 missing, {duplicates} byte-identical duplicates, enriched complete "
          f"{recovered:.1f} s after the kill; {len(latest)} cluster records ({canonical} "
          f"clusters) equal to an uninterrupted run, {time.monotonic() - killed_at:.1f} s after "
          f"the kill")
    return duplicates


@pytest.mark.timeout(1800)
def test_kill_9_mid_stream_loses_nothing(pipeline: Pipeline) -> None:
    kill_9_mid_stream(pipeline)


@pytest.mark.brokers("kafka", reason="exactly-once runs Kafka transactions; Tansu has none")
@pytest.mark.timeout(1800)
def test_kill_9_under_exactly_once_loses_nothing(pipeline: Pipeline) -> None:
    """Faust's transactions (KHABAR_PROCESSING_GUARANTEE=exactly_once) keep everything and the
    clusters right after a crash. They do not remove the duplicates (docs/reliability.md:
    Faust ties a transaction to the partition an output goes to, and khabar's outputs go to
    other partitions than their inputs); the count is printed beside the at-least-once one."""
    kill_9_mid_stream(pipeline, {"KHABAR_PROCESSING_GUARANTEE": "exactly_once"})


@pytest.mark.timeout(1200)
def test_rebalance_when_one_of_two_workers_stops(pipeline: Pipeline) -> None:
    first = pipeline.start_worker()
    second = pipeline.start_worker()
    files = generated(600)
    expected = publish_all(pipeline, files)
    wait_for(lambda: enriched_so_far(first) + enriched_so_far(second) >= len(expected) // 4,
             scaled(len(expected) / 4, 0.1), "a quarter of the articles")
    process = pipeline.workers[1][0]
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    values = collect(pipeline, expected, timeout=scaled(len(expected), 0.1))
    duplicates = assert_complete(values, expected, pipeline)
    latest = assert_clusters_complete(pipeline, values, timeout=scaled(len(expected), 0.1))
    print(f"\nrebalance: {len(expected)} articles, 0 missing, {duplicates} duplicates, "
          f"{len(latest)} cluster records equal to an uninterrupted run")


@pytest.mark.timeout(1800)
def test_workers_joining_and_leaving_a_running_pipeline_keep_everything(
    pipeline: Pipeline,
) -> None:
    """Scale-out and scale-in while files flow into a pipeline that already holds cluster
    state: a second worker joins, then a third, then the second leaves. Partitions move, the
    new owners rebuild their cluster state by replay, nobody crashes (a joining worker used to
    crash the first with Faust's ConsistencyError on the fingerprint table), nothing is lost,
    and the final clusters equal an uninterrupted run."""
    waves = generated(900)
    first = pipeline.start_worker()
    expected = publish_all(pipeline, waves[:300])

    def enriched() -> float:
        return sum(enriched_so_far(port) for _, port, _ in pipeline.workers)

    wait_for(lambda: enriched() >= len(expected) // 4, scaled(len(expected) / 4, 0.1),
             "a quarter of the first wave")
    pipeline.start_worker()
    expected |= publish_all(pipeline, waves[300:600])
    wait_for(lambda: enriched() >= len(expected) // 2, scaled(len(expected) / 2, 0.1),
             "half of the first two waves")
    third = pipeline.start_worker()  # ready once in the group, with or without partitions
    expected |= publish_all(pipeline, waves[600:])
    leaving = pipeline.workers[1][0]
    leaving.send_signal(signal.SIGTERM)
    assert leaving.wait(60) == 0, "the leaving worker did not stop cleanly"
    # Faust's sticky assignor may have left the third idle (4 partitions: 2, 2, 0); once the
    # second left, the remaining two share all of them.
    wait_for(lambda: partitions_of(third) > 0, scaled(1, 0),
             "the third worker to hold partitions after the second left")

    values = collect(pipeline, expected, timeout=scaled(len(expected), 0.1))
    duplicates = assert_complete(values, expected, pipeline)
    latest = assert_clusters_complete(pipeline, values, timeout=scaled(len(expected), 0.1))
    alive = [process.poll() is None for process, _, _ in pipeline.workers]
    assert alive == [True, False, True], [log.read_text()[-2000:] for _, _, log in
                                          pipeline.workers]
    assert enriched_so_far(first) > 0
    print(f"\njoin and leave: {len(expected)} articles, 0 missing, {duplicates} duplicates, "
          f"{len(latest)} cluster records equal to an uninterrupted run")


# The time limit (CPU time) of the next test and the size of its slow input, chosen so that the
# outcome does not depend on the machine's speed or load: a seed needs at most ~16 ms of CPU in
# its slowest stage (30x below the limit), the slow input ~0.4-0.7 CPU seconds per MB to split,
# so 24 MB needs 20-30x the limit. Load cannot push the seed over: waiting is not CPU time.
TIME_LIMIT_SECONDS = 0.5
SLOW_BYTES = 24_000_000
MAX_BYTES = 32 * 1024 * 1024


@pytest.mark.timeout(900)
def test_per_message_time_limit_dead_letters_and_moves_on(pipeline: Pipeline) -> None:
    pipeline.configure_topics(max_file_bytes=MAX_BYTES)
    pipeline.start_worker({
        "KHABAR_MESSAGE_TIMEOUT_SECONDS": str(TIME_LIMIT_SECONDS),
        "KHABAR_MAX_FILE_BYTES": str(MAX_BYTES),
    })
    unit = "2025-02-27@01:36:37 GMT\nقال المتحدث باسم الكرملين إن المحادثات «مفيدة».\n".encode()
    slow = unit * (SLOW_BYTES // len(unit))
    producer = KafkaProducer(bootstrap_servers=pipeline.servers, max_request_size=2 * MAX_BYTES)
    producer.send(pipeline.topic("raw"), key=b"slow", value=slow).get(timeout=120)
    producer.send(pipeline.topic("raw"), key=b"seed", value=SEEDS[2].read_bytes()).get(timeout=60)
    producer.close()
    # Deadlines for moving 24 MB through the broker three times plus one time limit.
    (letter,) = pipeline.read("dlq", count=1, timeout=scaled(SLOW_BYTES / 1e6, 5),
                              max_file_bytes=MAX_BYTES)
    assert read_error(letter.headers)["reason"] == "timeout"
    assert letter.value == slow
    (article,) = pipeline.read("enriched", count=1, timeout=scaled(SLOW_BYTES / 1e6, 5))
    assert orjson.loads(article.value)["file"]["sha256"] == hashlib.sha256(
        SEEDS[2].read_bytes()).hexdigest()


def test_broker_restart_is_reported_and_survived(  # type: ignore[no-untyped-def]
    tmp_path, broker_kind: str,
) -> None:
    """The broker goes away and comes back on the same port (Apache Kafka with its log, Tansu
    empty: it keeps everything in memory, so the topics are created again); meanwhile the
    probes tell the truth, and afterwards new messages flow."""
    from tests.conftest import http_status
    from workers.brokers import local_broker
    from workers.topics import create_topics

    broker = local_broker(broker_kind).start()  # type: ignore[arg-type]
    pipeline = Pipeline(servers=broker.bootstrap_servers, prefix="restart.",
                        app_id="khabar-restart", tmp=tmp_path, kind=broker_kind)
    try:
        create_topics(pipeline.settings(), pipeline.servers)
        web = pipeline.start_worker()
        readyz, livez = (f"http://127.0.0.1:{web}/{p}" for p in ("readyz", "livez"))
        broker.stop()
        wait_for(lambda: http_status(readyz) == 503, 20, "/readyz to report the lost broker")
        assert http_status(livez) == 200  # restarting the worker would not bring the broker back
        assert pipeline.workers[0][0].poll() is None

        broker.start()
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
        broker.close()
