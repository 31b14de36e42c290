"""Story clusters: near-duplicate articles grouped into clusters, as a stream of its own.

Three steps, each a pure transition over plain data so the agents, ``khabar process`` and the
tests run the same code:

1. ``wire.route``: an enriched article becomes a node message and four band messages;
2. ``bands.BandIndex``: buckets by band key compare an article with its candidates and emit
   links (partitioned by band key);
3. ``nodes.NodeIndex``: nodes keyed by article id merge links into clusters whose final state
   does not depend on order or redelivery, and write the records (``record``).

``cluster_articles`` runs the three in one process until nothing is left to send.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from workers.stages.cluster.bands import BandIndex
from workers.stages.cluster.member import Member
from workers.stages.cluster.nodes import NodeIndex
from workers.stages.cluster.record import ClusterRecord
from workers.stages.cluster.wire import (
    decode_bands,
    decode_nodes,
    encode_bands,
    encode_nodes,
    route,
)

DEFAULT_WINDOW_MS = 7 * 24 * 3600 * 1000

__all__ = ["DEFAULT_WINDOW_MS", "ClusterRecord", "Member", "cluster_articles"]


def cluster_articles(
    members: Iterable[Member], window_ms: int = DEFAULT_WINDOW_MS
) -> dict[str, ClusterRecord]:
    """The latest cluster record of every article, in one process (one partition of each
    topic, one article per batch), through the same encoded messages the agents exchange."""
    bands, nodes = BandIndex(window_ms), NodeIndex(window_ms)
    records: dict[str, ClusterRecord] = {}
    queue: deque[bytes] = deque()
    for member in members:
        node, entries = route(member)
        queue.append(encode_nodes([node]))
        if entries:
            links = [
                (m.article_id, link)
                for key, candidate in decode_bands(encode_bands(entries))
                for link in bands.add(key, candidate)
                for m in link
            ]
            if links:
                queue.append(encode_nodes(links))
        while queue:
            for node_id, told in decode_nodes(queue.popleft()):
                effects = nodes.receive(node_id, told)
                if effects.messages:
                    queue.append(encode_nodes(effects.messages))
                if effects.record is not None:
                    records[effects.record.article_id] = effects.record
    return records
