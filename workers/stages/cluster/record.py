"""The value on khabar.clusters: which story cluster an article belongs to.

Keyed by article id on a compacted topic. Every record names the canonical article (the
earliest member) and the article's Hamming distance to it; the canonical article's own record
also carries the cluster: its size, first and last ingestion time, and its members (earliest
first, each with its distance to the canonical one, at most ``MAX_LISTED`` of them). To learn
the size of an article's cluster, read the record of its ``cluster_id``.

Serialised with orjson in declared field order: the same cluster gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import orjson

from workers.stages.cluster.member import Member, hamming

SCHEMA_ID = "khabar.cluster/1"
MAX_LISTED = 50  # members listed in a canonical record; ``size`` always counts them all


@dataclass(frozen=True, slots=True)
class ListedMember:
    article_id: str
    ingested_at: str | None
    distance: int


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    size: int
    first_seen: str | None
    last_seen: str | None
    members: list[ListedMember] = field(default_factory=list)
    members_truncated: bool = False


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    article_id: str
    cluster_id: str  # the canonical article's id; equal to article_id for the canonical one
    canonical: bool
    distance: int  # Hamming distance of this article's fingerprint to the canonical one
    ingested_at: str | None
    canonical_ingested_at: str | None
    cluster: ClusterSummary | None = None  # only on the canonical article's record
    schema: str = SCHEMA_ID

    def dumps(self) -> bytes:
        return orjson.dumps(self)


def member_record(me: Member, root: Member) -> ClusterRecord:
    return ClusterRecord(
        article_id=me.article_id,
        cluster_id=root.article_id,
        canonical=False,
        distance=hamming(me.fingerprint, root.fingerprint),
        ingested_at=me.ingested_at,
        canonical_ingested_at=root.ingested_at,
    )


def canonical_record(root: Member, members: Iterable[Member]) -> ClusterRecord:
    ordered = sorted(members, key=lambda m: m.order)
    listed = [
        ListedMember(m.article_id, m.ingested_at, hamming(m.fingerprint, root.fingerprint))
        for m in ordered[:MAX_LISTED]
    ]
    return ClusterRecord(
        article_id=root.article_id,
        cluster_id=root.article_id,
        canonical=True,
        distance=0,
        ingested_at=root.ingested_at,
        canonical_ingested_at=root.ingested_at,
        cluster=ClusterSummary(
            size=len(ordered),
            first_seen=ordered[0].ingested_at,
            last_seen=ordered[-1].ingested_at,
            members=listed,
            members_truncated=len(ordered) > MAX_LISTED,
        ),
    )
