"""The final cluster of every article is the same whatever order the articles and the
messages between partitions arrive in, and however often they are delivered again."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from tests.unit.cluster.reference import reference_clusters
from tests.unit.cluster.strategies import articles
from workers.stages.cluster import DEFAULT_WINDOW_MS, cluster_articles
from workers.stages.cluster.bands import BandIndex
from workers.stages.cluster.member import Member
from workers.stages.cluster.nodes import NodeIndex
from workers.stages.cluster.record import ClusterRecord
from workers.stages.cluster.wire import (
    NodeItem,
    by_partition,
    decode_bands,
    decode_nodes,
    encode_bands,
    encode_nodes,
    partition_of,
    route,
)

PARTITIONS = 3
Pool = list[tuple[str, int, bytes | Member]]


def send_nodes(pool: Pool, items: list[NodeItem]) -> None:
    for partition, group in by_partition(items, lambda item: item[0], PARTITIONS).items():
        pool.append(("node", partition, encode_nodes(group)))


def run_network(
    members: list[Member], rng: random.Random, redeliver: float
) -> dict[str, ClusterRecord]:
    """Every message waits in one pool and any waiting message may go next (far less order
    than Kafka keeps); articles are routed in random batches, as the route agent takes what
    is waiting; some messages are delivered twice. The latest record per article wins."""
    bands = [BandIndex(DEFAULT_WINDOW_MS) for _ in range(PARTITIONS)]
    nodes = [NodeIndex(DEFAULT_WINDOW_MS) for _ in range(PARTITIONS)]
    pool: Pool = [("article", 0, m) for m in members]
    latest: dict[str, ClusterRecord] = {}
    while pool:
        kind, partition, value = pool.pop(rng.randrange(len(pool)))
        if kind == "article":
            batch = [value, *(pool.pop(i)[2] for i in sorted(
                (i for i, entry in enumerate(pool) if entry[0] == "article"),
                reverse=True)[: rng.randrange(4)])]
            routed = [route(m) for m in batch if isinstance(m, Member)]
            send_nodes(pool, [node for node, _ in routed])
            entries = [entry for _, band_entries in routed for entry in band_entries]
            for target, group in by_partition(entries, lambda e: e[0], PARTITIONS).items():
                pool.append(("band", target, encode_bands(group)))
            continue
        assert isinstance(value, bytes)
        if rng.random() < redeliver:
            pool.append((kind, partition, value))
        if kind == "band":
            links: list[NodeItem] = []
            for band, member in decode_bands(value):
                assert partition_of(band, PARTITIONS) == partition
                links += [(m.article_id, link) for link in bands[partition].add(band, member)
                          for m in link]
            send_nodes(pool, links)
            continue
        sent: list[NodeItem] = []
        for node_id, told in decode_nodes(value):
            assert partition_of(node_id, PARTITIONS) == partition
            effects = nodes[partition].receive(node_id, told)
            sent += effects.messages
            if effects.record is not None:
                latest[node_id] = effects.record
        send_nodes(pool, sent)
    return latest


def as_bytes(records: dict[str, ClusterRecord]) -> dict[str, bytes]:
    return {key: record.dumps() for key, record in sorted(records.items())}


@given(articles(), st.randoms(use_true_random=False))
def test_in_process_clusters_equal_the_quadratic_reference(
    members: list[Member], rng: random.Random
) -> None:
    shuffled = members[:]
    rng.shuffle(shuffled)
    expected = as_bytes(reference_clusters(members, DEFAULT_WINDOW_MS))
    assert as_bytes(cluster_articles(shuffled)) == expected


@given(articles(), st.randoms(use_true_random=False), st.sampled_from([0.0, 0.2, 0.4]))
def test_any_delivery_order_and_redelivery_gives_the_same_final_map(
    members: list[Member], rng: random.Random, redeliver: float
) -> None:
    inputs = members + rng.sample(members, k=rng.randrange(len(members) + 1))  # duplicates
    rng.shuffle(inputs)
    expected = as_bytes(reference_clusters(members, DEFAULT_WINDOW_MS))
    assert as_bytes(run_network(inputs, rng, redeliver)) == expected
