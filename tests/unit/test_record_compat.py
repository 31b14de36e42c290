"""Records across versions: a newer minor version's fields survive an older stage, a newer major
version is refused, an older version is relabelled."""

from __future__ import annotations

import hashlib

import orjson
import pytest

from tests.conftest import SEEDS
from workers import record
from workers.record import RawFile
from workers.record_compat import (
    SchemaUnsupported,
    decode,
    encode,
    keep_unknown,
    schema_version,
)
from workers.stages.chain import ARTICLE_STAGES
from workers.stages.split import split_file


def split_record() -> dict:  # type: ignore[type-arg]
    data = SEEDS[0].read_bytes()
    raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=SEEDS[0].name)
    return record.to_dict(split_file(raw)[0])


def run_stages(value: bytes) -> bytes:
    """Every article stage as a worker runs them, message to message."""
    for stage in ARTICLE_STAGES:
        decoded = decode(value)
        value = encode(stage.step(decoded.article), decoded.newer)
    return value


def test_schema_labels() -> None:
    assert schema_version("khabar.article/2") == (2, 0)
    assert schema_version("khabar.article/2.13") == (2, 13)
    assert schema_version("khabar.cluster/1") is None


def test_a_newer_minor_versions_fields_survive_every_older_stage() -> None:
    newer = split_record()
    newer["schema"] = "khabar.article/2.1"
    newer["sentiment"] = {"score": 0.25, "model": "x"}  # a new top-level field
    newer["file"]["mime"] = "text/plain"  # a new field inside an object no stage rewrites
    out = orjson.loads(run_stages(orjson.dumps(newer)))
    assert out["schema"] == "khabar.article/2.1"
    assert out["sentiment"] == {"score": 0.25, "model": "x"}
    assert out["file"]["mime"] == "text/plain"
    # and the stages did their work: the same record as from a record of this version
    plain = split_record()
    expected = orjson.loads(run_stages(orjson.dumps(plain)))
    for key in ("sentiment",):
        out.pop(key)
    out["file"].pop("mime")
    out["schema"] = expected["schema"]
    assert out == expected


def test_a_stage_that_rebuilds_a_list_writes_its_own_items() -> None:
    original = {"entities": [{"id": "a", "x": 1}], "dates": [{"v": 1, "new": True}]}
    written = {"entities": [{"id": "b"}], "dates": [{"v": 1}]}
    assert keep_unknown(original, written) == {
        "entities": [{"id": "b"}],  # changed by the stage: the old item's field is not carried
        "dates": [{"v": 1, "new": True}],  # unchanged: the unknown field stays
    }


def test_a_newer_major_version_is_refused_with_its_reason() -> None:
    newer = split_record()
    newer["schema"] = "khabar.article/3"
    with pytest.raises(SchemaUnsupported) as caught:
        decode(orjson.dumps(newer))
    assert caught.value.reason == "schema_unsupported"
    assert "khabar.article/3" in str(caught.value)


def test_an_older_version_is_written_under_this_versions_label() -> None:
    older = split_record()
    older["schema"] = "khabar.article/1"
    older["duplicate_of"] = None  # the field version 2 removed
    decoded = decode(orjson.dumps(older))
    assert decoded.newer is None
    out = orjson.loads(encode(decoded.article, decoded.newer))
    assert out["schema"] == record.SCHEMA_ID
    assert "duplicate_of" not in out


def test_a_record_of_this_version_takes_the_plain_path() -> None:
    value = orjson.dumps(split_record())
    decoded = decode(value)
    assert decoded.newer is None
    assert encode(decoded.article, None) == value
