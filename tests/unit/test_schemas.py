"""The published schemas accept what the pipeline emits and reject what it must not."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest

from tests.conftest import SCHEMAS, SEEDS, validator
from workers.record import RawFile, from_dict, to_dict
from workers.stages.pipeline import process_raw, stamp_pipeline
from workers.stages.split import split_file


@pytest.fixture(scope="module")
def records() -> list[dict]:  # type: ignore[type-arg]
    out = []
    for path in SEEDS:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        raw = RawFile(data, digest, path.name, "2025-01-01T00:00:00+00:00")
        out += [to_dict(a) for a in process_raw(raw)]
    return out


def test_every_schema_is_valid_2020_12() -> None:
    from jsonschema import Draft202012Validator

    for path in SCHEMAS.glob("*.schema.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_enriched_records_validate(records: list[dict]) -> None:  # type: ignore[type-arg]
    for record in records:
        assert not list(validator("enriched").iter_errors(record)), record["article_id"]


def test_split_records_validate_as_articles() -> None:
    data = SEEDS[0].read_bytes()
    raw = RawFile(data, hashlib.sha256(data).hexdigest(), SEEDS[0].name)
    for article in split_file(raw):
        assert not list(validator("articles").iter_errors(to_dict(stamp_pipeline(article, raw))))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("article_id",), "not-a-key"),
        (("role",), "sidebar"),
        (("file", "sha256"), "xyz"),
        (("language",), None),
        (("language", "code"), "arabic"),
        (("fingerprint",), None),
        (("pipeline",), None),
    ],
)
def test_schema_rejects_broken_records(records: list[dict], path: tuple[str, ...],  # type: ignore[type-arg]
                                       value: object) -> None:
    broken = copy.deepcopy(records[0])
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert list(validator("enriched").iter_errors(broken))


def test_records_round_trip_through_the_dataclasses(records: list[dict]) -> None:  # type: ignore[type-arg]
    for record in records:
        assert to_dict(from_dict(record)) == record
