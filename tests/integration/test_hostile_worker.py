"""Hostile files through a real worker: each becomes a dead letter or articles, and a good
file published after all of them still comes out."""

from __future__ import annotations

import hashlib
import time

import orjson
import pytest
from kafka import KafkaProducer

from tests.conftest import SEEDS, Pipeline, scaled
from tests.hostile_cases import CASES
from workers.consume import read_topic
from workers.dead_letters import read_error

pytestmark = pytest.mark.integration


def test_every_hostile_file_is_accounted_for_and_the_worker_keeps_going(
    pipeline: Pipeline,
) -> None:
    pipeline.start_worker()
    cases = [c for c in CASES if not c.big]
    producer = KafkaProducer(bootstrap_servers=pipeline.servers, max_request_size=16_000_000)
    digests = {}
    for case in cases:
        data = case.make()
        digests[hashlib.sha256(data).hexdigest()] = case.name
        producer.send(pipeline.topic("raw"), key=case.name.encode(), value=data).get(timeout=60)
    good = SEEDS[3].read_bytes()
    producer.send(pipeline.topic("raw"), key=b"good", value=good).get(timeout=60)
    producer.close()

    accounted: dict[str, str] = {}
    good_seen = False
    settings = pipeline.settings()
    # The two topics are read in turns until everything is accounted for or the deadline
    # (a few seconds of a loaded machine per file) has passed.
    deadline = time.monotonic() + scaled(len(cases), 5)
    while time.monotonic() < deadline:
        for message in read_topic(settings, pipeline.servers, pipeline.topic("dlq"), timeout=20,
                                  idle=3):
            accounted[message.key.decode()] = "dead letter " + read_error(message.headers)["reason"]
        for message in read_topic(settings, pipeline.servers, pipeline.topic("enriched"),
                                  timeout=20, idle=3):
            record = orjson.loads(message.value)
            sha = record["file"]["sha256"]
            if sha == hashlib.sha256(good).hexdigest():
                good_seen = True
            elif sha in digests:
                accounted.setdefault(digests[sha], "articles")
        if len(accounted) == len(cases) and good_seen:
            break
        time.sleep(1)
    assert set(accounted) == {c.name for c in cases}
    for case in cases:
        if case.expect == "articles":
            assert accounted[case.name] == "articles", case.name
        elif case.expect is not None:
            assert accounted[case.name] == f"dead letter {case.expect}", case.name
    assert good_seen, "the good file after the hostile ones did not come out"
    assert pipeline.workers[0][0].poll() is None
