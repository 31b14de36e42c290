"""Band buckets and cluster nodes: links sent once per group, the window, bounded state."""

from __future__ import annotations

import pytest

from tests.unit.cluster.strategies import iso
from workers.stages.cluster import cluster_articles
from workers.stages.cluster.bands import SWEEP_EVERY, BandIndex, band_keys
from workers.stages.cluster.member import Member
from workers.stages.cluster.nodes import NodeIndex

DAY_MS = 24 * 3600 * 1000
STORY = 0x0123456789ABCDEF


def test_band_keys_cover_the_four_16_bit_bands() -> None:
    assert band_keys("0123456789abcdef") == ["0:0123", "1:4567", "2:89ab", "3:cdef"]


def test_a_bucket_links_a_copy_once_per_group_of_linked_members() -> None:
    index = BandIndex(DAY_MS)
    first, second, third = (Member(f"a{i}", f"{STORY:016x}", iso(i)) for i in range(3))
    assert index.add("0:0123", first) == []
    assert index.add("0:0123", second) == [(first, second)]
    assert index.add("0:0123", third) == [(first, third)]  # first and second are one group
    assert index.add("0:0123", third) == []  # redelivered


def test_far_fingerprints_in_one_bucket_are_not_linked() -> None:
    index = BandIndex(DAY_MS)
    index.add("0:0123", Member("a", f"{STORY:016x}", iso(0)))
    assert index.add("0:0123", Member("b", f"{STORY ^ 0xF:016x}", iso(1))) == []  # 4 bits


def test_near_duplicates_further_apart_than_the_window_are_separate_stories() -> None:
    members = [Member("a", f"{STORY:016x}", iso(0)), Member("b", f"{STORY:016x}", iso(90))]
    records = cluster_articles(members, window_ms=60_000)
    assert records["b"].cluster_id == "b"
    assert cluster_articles(members, window_ms=120_000)["b"].cluster_id == "a"


def test_a_message_must_name_its_node() -> None:
    with pytest.raises(ValueError, match="must contain"):
        NodeIndex(DAY_MS).receive("a", [Member("b", f"{STORY:016x}", iso(0))])


def test_a_later_article_linking_two_clusters_merges_them_under_the_earliest() -> None:
    left = STORY
    right = STORY ^ 0b1111  # 4 bits from left: not near it
    bridge = STORY ^ 0b11  # 2 bits from each
    members = [
        Member("r1", f"{right:016x}", iso(0)),
        Member("l1", f"{left:016x}", iso(1)),
        Member("l2", f"{left:016x}", iso(2)),
        Member("bridge", f"{bridge:016x}", iso(3)),
    ]
    records = cluster_articles(members)
    assert {key: r.cluster_id for key, r in records.items()} == dict.fromkeys(records, "r1")
    summary = records["r1"].cluster
    assert summary is not None and summary.size == 4
    assert [(m.article_id, m.distance) for m in summary.members] == [
        ("r1", 0), ("l1", 4), ("l2", 4), ("bridge", 2)]


def test_state_stays_bounded_on_an_endless_stream() -> None:
    """Ten windows of articles, a new one every minute, every tenth a copy of the one
    before: state never holds much more than one window's articles."""
    window_ms = 60 * 60 * 1000  # one hour: 60 articles
    bands, nodes = BandIndex(window_ms), NodeIndex(window_ms)
    sizes = []
    for minute in range(10 * 60 + 2 * SWEEP_EVERY):
        fingerprint = f"{(STORY * (minute // 10 * 2 + 1)) % 2**64:016x}"
        member = Member(f"m{minute:05d}", fingerprint, iso(minute * 60))
        nodes.receive(member.article_id, [member])
        for key in band_keys(fingerprint):
            bands.add(key, member)
        sizes.append((bands.size(), len(nodes.nodes)))
    peak_bands = max(b for b, _ in sizes)
    peak_nodes = max(n for _, n in sizes)
    # one window (both ends included) plus what arrives between two sweeps
    assert peak_bands <= 4 * (61 + SWEEP_EVERY)
    assert peak_nodes <= 61 + SWEEP_EVERY
    assert len(sizes) > 2 * peak_nodes  # the stream outgrew what is kept
