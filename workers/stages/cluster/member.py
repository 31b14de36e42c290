"""What clustering knows of an article: its id, its SimHash and when Kafka received it.

Order everywhere is ``(ingested_ms, article_id)``: the canonical member of a cluster is the
earliest article, ties broken by id, so the answer never depends on arrival order. An article
with no Kafka timestamp (``khabar process``) counts as received at time 0.

Members travel between the cluster agents as small JSON objects (``{"id", "fp", "at"}``);
``at`` is the ISO-8601 ``pipeline.ingested_at`` of the record, kept verbatim so the cluster
record repeats exactly what the article record says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

BITS = 64
MAX_DISTANCE = 3  # Hamming distance up to which two fingerprints are near-duplicates
EMPTY_FINGERPRINT = "0" * (BITS // 4)  # what simhash gives a text without words


@dataclass(frozen=True, slots=True)
class Member:
    article_id: str
    fingerprint: str
    ingested_at: str | None = None

    @property
    def ingested_ms(self) -> int:
        return epoch_ms(self.ingested_at)

    @property
    def order(self) -> tuple[int, str]:
        return (self.ingested_ms, self.article_id)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.article_id, "fp": self.fingerprint, "at": self.ingested_at}

    @classmethod
    def from_json(cls, data: Any) -> Member:
        """A member from its JSON form; ``ValueError`` names what is wrong with it."""
        if not isinstance(data, dict):
            raise ValueError(f"a member is a JSON object, not {type(data).__name__}")
        article_id, fingerprint, ingested_at = data.get("id"), data.get("fp"), data.get("at")
        if not isinstance(article_id, str) or not article_id:
            raise ValueError("a member needs a non-empty string 'id'")
        if not isinstance(fingerprint, str) or len(fingerprint) != BITS // 4:
            raise ValueError(f"member {article_id}: 'fp' must be {BITS // 4} hex digits")
        int(fingerprint, 16)  # ValueError when not hexadecimal
        if ingested_at is not None and not isinstance(ingested_at, str):
            raise ValueError(f"member {article_id}: 'at' must be an ISO-8601 string or null")
        member = cls(article_id, fingerprint.lower(), ingested_at)
        member.ingested_ms  # noqa: B018 - ValueError now rather than deep in a comparison
        return member


def epoch_ms(iso: str | None) -> int:
    if not iso:
        return 0
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def earliest(members: Iterable[Member]) -> Member:
    return min(members, key=lambda m: m.order)


def clusterable(member: Member) -> bool:
    """An article without words has the empty fingerprint; it is near nothing, not near every
    other empty article, so it stays a cluster of its own."""
    return member.fingerprint != EMPTY_FINGERPRINT
