"""Failures in any stage become dead letters with reasons, and the worker keeps going."""

from __future__ import annotations

import orjson
import pytest
from kafka import KafkaProducer

from tests.conftest import SEEDS, Pipeline, validator
from workers.dead_letters import read_error

pytestmark = pytest.mark.integration


def test_failures_are_dead_lettered_and_good_messages_still_pass(pipeline: Pipeline) -> None:
    pipeline.start_worker()
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    # Split stage: an empty file. Dates stage: a message on its input topic that is no article.
    producer.send(pipeline.topic("raw"), key=b"empty-file", value=b"",
                  headers=[("khabar.file.name", b"empty.txt")]).get(timeout=30)
    producer.send(pipeline.topic("tagged"), key=b"not-an-article",
                  value=b'{"headline": 42}').get(timeout=30)
    good = SEEDS[2].read_bytes()
    producer.send(pipeline.topic("raw"), key=b"good", value=good).get(timeout=30)
    producer.close()

    letters = {m.key: m for m in pipeline.read("dlq", count=2)}
    assert set(letters) == {b"empty-file", b"not-an-article"}

    empty = letters[b"empty-file"]
    error = read_error(empty.headers)
    assert error["stage"] == "split"
    assert error["reason"] == "empty"
    assert error["exception.class"] == "InputRejected"
    assert error["topic"] == pipeline.topic("raw")
    assert error["offset"].isdigit()
    assert ("khabar.file.name", b"empty.txt") in empty.headers  # original headers kept
    assert empty.value == b""  # original value kept

    invalid = letters[b"not-an-article"]
    error = read_error(invalid.headers)
    assert (error["stage"], error["reason"]) == ("dates", "record_invalid")
    assert invalid.value == b'{"headline": 42}'
    header_schema = validator("dlq").schema["$defs"]["headers"]
    assert not list(validator("dlq").evolve(schema=header_schema).iter_errors(error))

    # The good file published after both failures still comes out.
    enriched = pipeline.read("enriched", count=1)
    assert len(enriched) == 1
    assert orjson.loads(enriched[0].value)["headline"]
