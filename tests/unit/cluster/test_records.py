"""Cluster records, band and node messages match their published schemas, and bad messages
are refused with a reason."""

from __future__ import annotations

import orjson
import pytest

from tests.conftest import validator
from tests.unit.cluster.strategies import iso
from workers.stages.cluster import cluster_articles
from workers.stages.cluster.member import Member
from workers.stages.cluster.record import MAX_LISTED
from workers.stages.cluster.wire import (
    decode_bands,
    decode_nodes,
    encode_bands,
    encode_nodes,
    member_of_article,
    route,
)

STORY = "0123456789abcdef"


def copies(count: int) -> list[Member]:
    return [Member(f"a{i:03d}", STORY, iso(i)) for i in range(count)]


def test_records_validate_and_only_the_canonical_one_carries_the_cluster() -> None:
    records = cluster_articles([*copies(3), Member("lone", "f0f0f0f00f0f0f0f", iso(5))])
    for record in records.values():
        assert not list(validator("clusters").iter_errors(orjson.loads(record.dumps())))
    canonical = records["a000"]
    assert canonical.canonical and canonical.cluster is not None
    assert (canonical.cluster.size, canonical.cluster.first_seen, canonical.cluster.last_seen) == (
        3, iso(0), iso(2))
    assert [m.article_id for m in canonical.cluster.members] == ["a000", "a001", "a002"]
    assert records["a002"].cluster is None and records["a002"].cluster_id == "a000"
    assert records["lone"].cluster_id == "lone" and records["lone"].cluster.size == 1  # type: ignore[union-attr]


def test_a_big_cluster_lists_its_first_members_and_counts_all() -> None:
    records = cluster_articles(copies(MAX_LISTED + 7))
    summary = records["a000"].cluster
    assert summary is not None
    assert summary.size == MAX_LISTED + 7
    assert len(summary.members) == MAX_LISTED and summary.members_truncated


def test_band_and_node_messages_validate_and_decode_to_what_was_encoded() -> None:
    node, entries = route(Member("a1", STORY, iso(1)))
    assert [key for key, _ in entries] == ["0:0123", "1:4567", "2:89ab", "3:cdef"]
    nodes, bands = encode_nodes([node]), encode_bands(entries)
    assert not list(validator("cluster-nodes").iter_errors(orjson.loads(nodes)))
    assert not list(validator("cluster-bands").iter_errors(orjson.loads(bands)))
    assert decode_bands(bands) == entries
    assert decode_nodes(nodes) == [(node[0], list(node[1]))]


def test_an_article_without_words_goes_to_no_bucket() -> None:
    _, entries = route(Member("empty", "0" * 16, iso(1)))
    assert entries == []
    records = cluster_articles([Member("e1", "0" * 16, iso(1)), Member("e2", "0" * 16, iso(2))])
    assert {r.cluster_id for r in records.values()} == {"e1", "e2"}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"not json", "not JSON"),
        (b"[]", "not a JSON object"),
        (b'{"items": []}', "non-empty list 'items'"),
        (b'{"items": [{"to": "a", "members": [{"id": "a", "fp": "xyz", "at": null}]}]}',
         "16 hex digits"),
        (b'{"items": [{"to": "a", "members": [{"id": "a", "fp": "zzzzzzzzzzzzzzzz", '
         b'"at": null}]}]}', "invalid literal"),
        (b'{"items": [{"to": "a", "members": [{"id": "a", "fp": "0123456789abcdef", '
         b'"at": "yesterday"}]}]}', "isoformat"),
        (b'{"items": [{"to": 1, "members": []}]}', "string 'to'"),
        (b'{"items": [{"to": "b", "members": [{"id": "a", "fp": "0123456789abcdef", '
         b'"at": null}]}]}', "must contain"),
    ],
)
def test_bad_node_messages_are_refused_with_a_reason(value: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        decode_nodes(value)


def test_an_enriched_record_without_an_id_is_refused() -> None:
    with pytest.raises(ValueError, match="'id'"):
        member_of_article(b'{"fingerprint": "0123456789abcdef"}')
