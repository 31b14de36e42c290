"""The messages between the cluster agents, as bytes: one encoding, used by the agents and by
``khabar process``, so both run the very same transitions.

- ``khabar.cluster-bands``, key = band key: ``{"band": key, "member": M}``
- ``khabar.cluster-nodes``, key = article id: ``{"to": id, "members": [M, …]}``

A message that cannot be decoded raises ``ValueError`` with the reason (a dead letter).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from workers.stages.cluster.bands import band_keys
from workers.stages.cluster.member import Member, clusterable

Encoded = tuple[bytes, bytes]  # (key, value)


def _object(value: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def member_of_article(value: bytes) -> Member:
    """The member for an enriched article record (only the fields clustering needs)."""
    data = _object(value)
    article_id, fingerprint = data.get("article_id"), data.get("fingerprint")
    pipeline = data.get("pipeline") or {}
    return Member.from_json(
        {"id": article_id, "fp": fingerprint or "0" * 16, "at": pipeline.get("ingested_at")}
    )


def route(member: Member) -> tuple[Encoded, list[Encoded]]:
    """What an enriched article sends on: itself to its node, and itself to each of its band
    buckets (none for an article without words: it is near nothing)."""
    node = node_message(member.article_id, (member,))
    if not clusterable(member):
        return node, []
    bands = [
        (key.encode(), orjson.dumps({"band": key, "member": member.to_json()}))
        for key in band_keys(member.fingerprint)
    ]
    return node, bands


def decode_band(value: bytes) -> tuple[str, Member]:
    data = _object(value)
    key = data.get("band")
    if not isinstance(key, str):
        raise ValueError("a band message needs a string 'band'")
    return key, Member.from_json(data.get("member"))


def node_message(node_id: str, members: Sequence[Member]) -> Encoded:
    value = {"to": node_id, "members": [m.to_json() for m in members]}
    return node_id.encode(), orjson.dumps(value)


def decode_node(value: bytes) -> tuple[str, list[Member]]:
    data = _object(value)
    node_id, members = data.get("to"), data.get("members")
    if not isinstance(node_id, str) or not isinstance(members, list):
        raise ValueError("a node message needs a string 'to' and a list 'members'")
    return node_id, [Member.from_json(m) for m in members]
