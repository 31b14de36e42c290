"""The final cluster of every article is the same whatever order the articles and the
messages between partitions arrive in, and however often they are delivered again."""

from __future__ import annotations

import random
import zlib

from hypothesis import given
from hypothesis import strategies as st

from tests.unit.cluster.reference import reference_clusters
from tests.unit.cluster.strategies import articles
from workers.stages.cluster import DEFAULT_WINDOW_MS, cluster_articles
from workers.stages.cluster.bands import BandIndex
from workers.stages.cluster.member import Member
from workers.stages.cluster.nodes import NodeIndex
from workers.stages.cluster.record import ClusterRecord
from workers.stages.cluster.wire import decode_band, decode_node, node_message, route

PARTITIONS = 3


def partition(key: bytes) -> int:
    return zlib.crc32(key) % PARTITIONS


def run_network(
    members: list[Member], rng: random.Random, redeliver: float
) -> dict[str, ClusterRecord]:
    """Every message waits in one pool and any waiting message may go next (far less order
    than Kafka keeps); some are delivered twice. The latest record per article wins."""
    bands = [BandIndex(DEFAULT_WINDOW_MS) for _ in range(PARTITIONS)]
    nodes = [NodeIndex(DEFAULT_WINDOW_MS) for _ in range(PARTITIONS)]
    pool: list[tuple[str, bytes, bytes]] = []
    for member in members:
        (key, value), band_messages = route(member)
        pool.append(("node", key, value))
        pool.extend(("band", k, v) for k, v in band_messages)
    latest: dict[str, ClusterRecord] = {}
    while pool:
        kind, key, value = pool.pop(rng.randrange(len(pool)))
        if rng.random() < redeliver:
            pool.append((kind, key, value))
        if kind == "band":
            band, member = decode_band(value)
            for link in bands[partition(key)].add(band, member):
                pool.extend(("node", *node_message(m.article_id, link)) for m in link)
            continue
        node_id, told = decode_node(value)
        effects = nodes[partition(key)].receive(node_id, told)
        pool.extend(("node", *node_message(t, sent)) for t, sent in effects.messages)
        if effects.record is not None:
            latest[node_id] = effects.record
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
