"""The whole pipeline on the real broker, a real worker process and the real publisher."""

from __future__ import annotations

import hashlib
from collections import Counter

import orjson
import pytest

from tests.conftest import SEEDS, Pipeline, expected_clusters, scaled, sha256, validator
from workers.record import RawFile, to_dict
from workers.stages.pipeline import process_raw, stamp_pipeline
from workers.stages.split import split_file

pytestmark = pytest.mark.integration

# Counted by hand from the files: a main article plus one article after each "إقرأ أيضاً:".
ARTICLES_PER_SEED = {"000": 2, "001": 2, "002": 1, "003": 2, "004": 2}


def in_process(path) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    data = path.read_bytes()
    raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name)
    return [to_dict(a) for a in process_raw(raw)]


def test_seeds_flow_through_every_stage(pipeline: Pipeline) -> None:
    pipeline.start_worker()
    result = pipeline.publish(*SEEDS)
    assert result.returncode == 0, result.stderr
    assert "published 5 of 5 files" in result.stdout

    total = sum(ARTICLES_PER_SEED.values())
    enriched = pipeline.read("enriched", count=total)
    records = {m.key.decode(): orjson.loads(m.value) for m in enriched}
    assert len(records) == total

    per_file = Counter(r["file"]["name"][:3] for r in records.values())
    assert per_file == ARTICLES_PER_SEED

    for key, rec in records.items():
        assert key == rec["article_id"] == f"{rec['file']['sha256']}-{rec['position']:03d}"
        errors = sorted(validator("enriched").iter_errors(rec), key=str)
        assert not errors, (key, [e.message for e in errors])
        assert rec["pipeline"]["ingested_at"] is not None

    # The streaming path and the in-process path run the same stages: identical records.
    for path in SEEDS:
        for expected in in_process(path):
            got = dict(records[expected["article_id"]])
            got["pipeline"] = dict(got["pipeline"], ingested_at=None)
            assert got == expected
        assert sha256(path.read_bytes()) in {r["file"]["sha256"] for r in records.values()}

    # khabar.articles carries exactly what the split stage makes of each file in-process.
    split_expected = {}
    for path in SEEDS:
        data = path.read_bytes()
        raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name)
        for article in split_file(raw):
            split_expected[article.article_id] = to_dict(stamp_pipeline(article, raw))
    split_seen = {}
    for message in pipeline.read("articles", count=total):
        value = orjson.loads(message.value)
        value["pipeline"]["ingested_at"] = None
        split_seen[message.key.decode()] = value
    assert split_seen == split_expected

    # Every intermediate topic carried every article, each valid against its own schema.
    for suffix in ("articles", "tagged", "dated"):
        messages = pipeline.read(suffix, count=total)
        keys = {m.key.decode() for m in messages}
        assert keys == set(records), suffix
        for message in messages:
            value = orjson.loads(message.value)
            assert not list(validator(suffix).iter_errors(value)), suffix
        assert all(
            any(k == f"khabar.stage.{stage}.seconds" for k, _ in message.headers)
            for message in messages
            for stage in {"articles": ["split"], "tagged": ["split", "language"],
                          "dated": ["split", "language", "dates"]}[suffix]
        )


def test_message_without_key_or_headers_is_processed(pipeline: Pipeline) -> None:
    from kafka import KafkaProducer

    pipeline.start_worker()
    data = SEEDS[2].read_bytes()
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    producer.send(pipeline.topic("raw"), value=data).get(timeout=30)
    producer.close()

    enriched = pipeline.read("enriched", count=ARTICLES_PER_SEED["002"])
    records = [orjson.loads(m.value) for m in enriched]
    assert [r["file"]["sha256"] for r in records] == [sha256(data)]
    assert records[0]["file"]["name"] is None
    assert records[0]["headline"]


def test_rolling_upgrade_records_keep_newer_fields_or_wait_in_the_dlq(pipeline: Pipeline) -> None:
    """A record a newer worker wrote (minor version 2.1, one field more) goes through this
    worker's stages with the field kept; one of a newer major version is dead-lettered with
    reason schema_unsupported, not half-read (it used to pass with its new field dropped)."""
    from kafka import KafkaProducer

    pipeline.start_worker()
    data = SEEDS[1].read_bytes()
    raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=SEEDS[1].name)
    first, second = (to_dict(stamp_pipeline(a, raw)) for a in split_file(raw))
    first["schema"], first["sentiment"] = "khabar.article/2.1", {"score": -0.5}
    second["schema"] = "khabar.article/3"
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    for article in (first, second):
        producer.send(pipeline.topic("articles"), key=article["article_id"].encode(),
                      value=orjson.dumps(article)).get(timeout=30)
    producer.close()

    (enriched,) = pipeline.read("enriched", count=1)
    out = orjson.loads(enriched.value)
    assert out["article_id"] == first["article_id"]
    assert (out["schema"], out["sentiment"]) == ("khabar.article/2.1", {"score": -0.5})
    assert out["entities"] and out["language"], "the stages did their work"
    (letter,) = pipeline.read("dlq", count=1)
    headers = dict(letter.headers)
    assert headers["khabar.error.reason"] == b"schema_unsupported"
    assert letter.key == second["article_id"].encode()
    assert orjson.loads(letter.value) == second


def test_story_clusters_survive_a_worker_restart(pipeline: Pipeline) -> None:
    """The same articles arriving in other files (here: the file with one more line) join the
    cluster of the first copy, also when a restarted worker handles the last copy; the latest
    values on khabar.clusters equal what an uninterrupted run makes of the same records."""
    from kafka import KafkaProducer

    original = SEEDS[4].read_bytes()
    copies = [original + f"\nتحديث {i}\n".encode() for i in (1, 2)]
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    pipeline.start_worker()
    producer.send(pipeline.topic("raw"), original).get(timeout=30)
    producer.send(pipeline.topic("raw"), copies[0]).get(timeout=30)
    first = expected_clusters([m.value for m in pipeline.read("enriched", count=4, timeout=120)])
    # The first worker writes these clusters (and commits what it read) before it stops.
    pipeline.read_latest("clusters", lambda seen: seen == first, timeout=120)
    pipeline.stop_workers()

    pipeline.start_worker()
    producer.send(pipeline.topic("raw"), copies[1]).get(timeout=30)
    producer.close()
    enriched = [m.value for m in pipeline.read("enriched", count=6, timeout=120)]
    expected = expected_clusters(enriched)
    latest = pipeline.read_latest("clusters", lambda seen: seen == expected, timeout=120)
    assert latest == expected
    # The second worker found the first one's cluster state by reading its partitions back.
    assert "cluster state rebuilt from" in pipeline.workers[1][2].read_text()

    records = {m["article_id"]: m for m in map(orjson.loads, enriched)}
    for position in range(2):
        copies_of_one = [records[f"{sha256(data)}-{position:03d}"] for data in [original, *copies]]
        first = min(copies_of_one, key=lambda r: (r["pipeline"]["ingested_at"], r["article_id"]))
        summary = orjson.loads(latest[first["article_id"]])
        assert summary["canonical"] is True
        assert summary["cluster"]["size"] == 3
        for record in copies_of_one:
            assert orjson.loads(latest[record["article_id"]])["cluster_id"] == first["article_id"]
    for value in latest.values():
        validator("clusters").validate(orjson.loads(value))


def test_cluster_topics_with_another_partition_count_are_refused(pipeline: Pipeline) -> None:
    from workers.topics import check_routed_partitions

    check_routed_partitions(pipeline.settings(), pipeline.servers)  # as created: accepted
    with pytest.raises(RuntimeError, match=r"cluster-bands has 4 partitions .* is 6"):
        check_routed_partitions(pipeline.settings(partitions=6), pipeline.servers)


def test_the_partition_check_waits_for_topics_being_created(pipeline: Pipeline) -> None:
    """A worker creates missing topics and checks them at once; a topic the broker has not
    finished creating must not read as one without partitions (it did on a busy machine)."""
    import threading

    from workers.topics import check_routed_partitions, create_topics

    later = pipeline.settings().model_copy(update={"topic_prefix": pipeline.prefix + "later."})
    with pytest.raises(RuntimeError, match=r"later\.cluster-bands has no partitions 1 s after"):
        check_routed_partitions(later, pipeline.servers, timeout=1)
    creating = threading.Timer(2.0, create_topics, (later, pipeline.servers))
    creating.start()
    try:
        check_routed_partitions(later, pipeline.servers, timeout=scaled(1, 0))
    finally:
        creating.join()
