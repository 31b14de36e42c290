"""The obvious, quadratic answer the cluster protocol must reproduce: compare every pair, join
near-duplicates with a plain union–find, and write each article's record."""

from __future__ import annotations

from workers.stages.cluster.member import MAX_DISTANCE, Member, clusterable, hamming
from workers.stages.cluster.record import ClusterRecord, canonical_record, member_record


def reference_clusters(members: list[Member], window_ms: int) -> dict[str, ClusterRecord]:
    unique = {m.article_id: m for m in members}
    parent = {key: key for key in unique}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    items = sorted(unique.values(), key=lambda m: m.order)
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if not (clusterable(a) and clusterable(b)):
                continue
            if abs(a.ingested_ms - b.ingested_ms) > window_ms:
                continue
            if hamming(a.fingerprint, b.fingerprint) <= MAX_DISTANCE:
                parent[find(b.article_id)] = find(a.article_id)
    groups: dict[str, list[Member]] = {}
    for member in items:
        groups.setdefault(find(member.article_id), []).append(member)
    records: dict[str, ClusterRecord] = {}
    for group in groups.values():
        root = group[0]  # items are in (ingested_at, id) order
        records[root.article_id] = canonical_record(root, group)
        for member in group[1:]:
            records[member.article_id] = member_record(member, root)
    return records
