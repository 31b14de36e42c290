"""``khabar process``: the same stages in one process, no Kafka.

The output records are byte-identical to those a worker sends to the enriched topic for the same
file, except ``pipeline.ingested_at``, which is the Kafka timestamp there and null here. Story
clusters over all the records of one run come from the same cluster code the agents run
(:func:`clusters_of`); with no Kafka timestamps, every article counts as ingested at time 0.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workers.errors import KhabarError, reason_of
from workers.record import Article, RawFile
from workers.stages.cluster import ClusterRecord, Member, cluster_articles
from workers.stages.cluster.member import EMPTY_FINGERPRINT
from workers.stages.limits import Limits
from workers.stages.pipeline import process_raw


@dataclass(frozen=True, slots=True)
class DeadLetter:
    file: str
    reason: str
    error: str
    exception: str
    stage: str = "split"

    def to_json(self) -> dict[str, str]:
        return {
            "file": self.file,
            "stage": self.stage,
            "reason": self.reason,
            "exception": self.exception,
            "error": self.error,
        }


def process_paths(
    paths: Iterable[Path], limits: Limits
) -> Iterator[tuple[Path, list[Article] | DeadLetter]]:
    """One result per file: its articles, or the dead letter saying why there are none."""
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield path, DeadLetter(str(path), "unreadable", str(exc), type(exc).__name__, "read")
            continue
        raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name)
        try:
            yield path, process_raw(raw, limits)
        except KhabarError as exc:
            yield path, DeadLetter(str(path), reason_of(exc), str(exc), type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - reported as a dead letter, like the workers do
            yield path, DeadLetter(str(path), "exception", str(exc), type(exc).__name__)


def member_of(article: Article) -> Member:
    """What clustering needs of an article (so a long run keeps this, not whole records)."""
    ingested_at = article.pipeline.ingested_at if article.pipeline else None
    return Member(article.article_id, article.fingerprint or EMPTY_FINGERPRINT, ingested_at)


def clusters_of(members: Iterable[Member], window_ms: int) -> list[ClusterRecord]:
    """The story cluster of every article, sorted by article id."""
    return [record for _, record in sorted(cluster_articles(members, window_ms).items())]
