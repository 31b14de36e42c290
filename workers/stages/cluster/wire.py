"""The messages between the cluster agents, as bytes: one encoding, used by the agents and by
``khabar process``, so both run the very same transitions.

A message carries a batch of entries that belong to one partition, so the agents move a few
messages per batch of articles instead of several per article (each Kafka message costs a
worker about a millisecond, far more than the clustering itself):

- ``khabar.cluster-bands``: ``{"entries": [{"band": key, "member": M}, …]}``, every entry's
  band key routed to this partition;
- ``khabar.cluster-nodes``: ``{"items": [{"to": id, "members": [M, …]}, …]}``, every ``to``
  routed to this partition, and ``members`` always containing ``to``.

``partition_of`` is the routing (CRC-32 of the key modulo the partition count) that every
sender uses, so a band key's bucket and an article's node always live in one partition. The
partition count of the internal topics must therefore not change while they hold state.

A message that cannot be decoded raises ``ValueError`` with the reason (a dead letter); a
decoded message is valid as a whole, so applying it never fails half-way.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import orjson

from workers.stages.cluster.bands import band_keys
from workers.stages.cluster.member import EMPTY_FINGERPRINT, Member, clusterable

T = TypeVar("T")
BandEntry = tuple[str, Member]  # (band key, member)
NodeItem = tuple[str, Sequence[Member]]  # (article id of the node, members it is told of)


def partition_of(key: str, partitions: int) -> int:
    return zlib.crc32(key.encode()) % partitions


def by_partition(
    entries: Iterable[T], key_of: Callable[[T], str], partitions: int
) -> dict[int, list[T]]:
    """Entries grouped by the partition of their key, in their order, partitions ascending."""
    groups: dict[int, list[T]] = {}
    for entry in entries:
        groups.setdefault(partition_of(key_of(entry), partitions), []).append(entry)
    return dict(sorted(groups.items()))


def _object(value: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    if not isinstance(value, list) or not value:
        raise ValueError(f"a cluster message needs a non-empty list {name!r}")
    return value


def member_of_article(value: bytes) -> Member:
    """The member for an enriched article record (only the fields clustering needs)."""
    data = _object(value)
    article_id, fingerprint = data.get("article_id"), data.get("fingerprint")
    pipeline = data.get("pipeline") or {}
    at = pipeline.get("ingested_at")
    return Member.from_json({"id": article_id, "fp": fingerprint or EMPTY_FINGERPRINT, "at": at})


def route(member: Member) -> tuple[NodeItem, list[BandEntry]]:
    """What an enriched article sends on: itself to its node, and itself to each of its band
    buckets (none for an article without words: it is near nothing)."""
    node = (member.article_id, (member,))
    if not clusterable(member):
        return node, []
    return node, [(key, member) for key in band_keys(member.fingerprint)]


def encode_bands(entries: Sequence[BandEntry]) -> bytes:
    return orjson.dumps({"entries": [{"band": k, "member": m.to_json()} for k, m in entries]})


def decode_bands(value: bytes) -> list[BandEntry]:
    entries = []
    for entry in _list(_object(value), "entries"):
        key = entry.get("band") if isinstance(entry, dict) else None
        if not isinstance(key, str):
            raise ValueError("a band entry needs a string 'band'")
        entries.append((key, Member.from_json(entry.get("member"))))
    return entries


def encode_nodes(items: Sequence[NodeItem]) -> bytes:
    return orjson.dumps(
        {"items": [{"to": to, "members": [m.to_json() for m in ms]} for to, ms in items]}
    )


def decode_nodes(value: bytes) -> list[NodeItem]:
    items: list[NodeItem] = []
    for item in _list(_object(value), "items"):
        node_id = item.get("to") if isinstance(item, dict) else None
        members = item.get("members") if isinstance(item, dict) else None
        if not isinstance(node_id, str) or not isinstance(members, list):
            raise ValueError("a node item needs a string 'to' and a list 'members'")
        decoded = [Member.from_json(m) for m in members]
        if node_id not in {m.article_id for m in decoded}:
            raise ValueError(f"a node item for {node_id} must contain that article")
        items.append((node_id, decoded))
    return items
