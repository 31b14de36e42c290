"""Candidate pairs by locality-sensitive hashing: the work that is partitioned by band key.

Two 64-bit fingerprints at Hamming distance ≤ 3 differ in at most 3 of 4 bands of 16 bits, so
they share at least one band value exactly: comparing an article only with the members of its
four buckets (``"<band#>:<band hex>"``) finds every near-duplicate pair. Buckets are keyed
state of the ``cluster-bands`` topic, so each worker holds only the buckets of its partitions.

A bucket answers a new member with *links* to send on. It remembers which of its members it
has already linked (a union–find of its own), and sends one link per group of already-linked
members rather than one per member: a story copied 400 times costs one link per copy, not
400. Which member of a group gets the link depends on arrival order; the story clusters built
from the links do not, because they are the connected components of the near-duplicate graph.

Members received more than the window before the newest member of the partition are dropped
(``sweep``), so state stays bounded on an endless stream; two articles further apart in
ingestion time than the window are never linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workers.stages.cluster.member import BITS, MAX_DISTANCE, Member, hamming

BANDS = 4
BAND_HEX = BITS // BANDS // 4  # 4 hex digits per 16-bit band
SWEEP_EVERY = 1000  # members added between two sweeps of expired state

Link = tuple[Member, Member]


def band_keys(fingerprint: str) -> list[str]:
    return [f"{b}:{fingerprint[b * BAND_HEX : (b + 1) * BAND_HEX]}" for b in range(BANDS)]


@dataclass(slots=True)
class Bucket:
    members: dict[str, Member] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)  # union–find over linked members

    def find(self, article_id: str) -> str:
        root = article_id
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[article_id] != root:  # path compression
            self.parent[article_id], article_id = root, self.parent[article_id]
        return root


@dataclass
class BandIndex:
    """The buckets of one partition of the band topic."""

    window_ms: int
    buckets: dict[str, Bucket] = field(default_factory=dict)
    watermark_ms: int = 0  # the latest ingestion time seen in this partition
    added: int = 0

    def add(self, band_key: str, member: Member) -> list[Link]:
        """Put ``member`` in its bucket; the links to send (each pair once, older member
        first). A member already in the bucket (a redelivered message) gets no links: its
        links were sent when it was added."""
        bucket = self.buckets.setdefault(band_key, Bucket())
        if member.article_id in bucket.members:
            return []
        when = member.ingested_ms
        groups: dict[str, Member] = {}
        for other in sorted(bucket.members.values(), key=lambda m: m.order):
            if abs(other.ingested_ms - when) > self.window_ms:
                continue
            if hamming(other.fingerprint, member.fingerprint) > MAX_DISTANCE:
                continue
            groups.setdefault(bucket.find(other.article_id), other)
        bucket.members[member.article_id] = member
        bucket.parent[member.article_id] = member.article_id
        for group in groups:
            bucket.parent[group] = member.article_id
        self.watermark_ms = max(self.watermark_ms, when)
        self.added += 1
        if self.added % SWEEP_EVERY == 0:
            self.sweep()
        return [(other, member) if other.order < member.order else (member, other)
                for other in groups.values()]

    def sweep(self) -> int:
        """Drop members older than the window; returns how many were dropped. Members that
        stay keep their groups (they are linked whatever happened to the dropped ones)."""
        horizon = self.watermark_ms - self.window_ms
        dropped = 0
        for key in list(self.buckets):
            bucket = self.buckets[key]
            keep = [m for m in bucket.members.values() if m.ingested_ms >= horizon]
            dropped += len(bucket.members) - len(keep)
            if not keep:
                del self.buckets[key]
                continue
            if len(keep) == len(bucket.members):
                continue
            groups: dict[str, str] = {}
            parent: dict[str, str] = {}
            for member in sorted(keep, key=lambda m: m.order):
                leader = groups.setdefault(bucket.find(member.article_id), member.article_id)
                parent[member.article_id] = leader
            bucket.members = {m.article_id: m for m in keep}
            bucket.parent = parent
        return dropped

    def size(self) -> int:
        return sum(len(bucket.members) for bucket in self.buckets.values())
