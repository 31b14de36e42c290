"""Reading and replaying dead letters.

Replay republishes the original key, value and headers (without the ``khabar.error.*`` ones) to
the topic the message originally came from, so a fixed worker treats it like any new message.
The replayed copy carries ``khabar.replay.of`` (the dead letter's topic, partition and offset),
so a copy that fails again leads back to the letter it came from.

Replays are idempotent: each replayed letter is marked on ``khabar.dlq-replayed`` (compacted,
key ``partition:offset``, with the letter's failure time so a mark never matches a letter of a
recreated topic), and a replay skips marked letters unless asked (``again``). Without marks,
every replay resent the earlier replays' failures too, and a DLQ doubled on each replay.
Letters are read up to the end the topic had when reading started (``read_to_end``), never cut
by a timeout; a replay's own failures, written meanwhile, wait for the next replay.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from kafka import KafkaProducer

from workers.consume import Message, read_to_end
from workers.dead_letters import HEADER_PREFIX, read_error
from workers.headers import FILE_NAME_HEADER, REPLAY_OF_HEADER, header_text
from workers.settings import Settings

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DeadLetterView:
    message: Message
    error: dict[str, str]
    replayed_at: str | None = None  # when a replay sent this letter, if one did

    @property
    def reason(self) -> str:
        return self.error.get("reason", "")

    @property
    def failed_at(self) -> datetime | None:
        stamp = self.error.get("timestamp")
        return datetime.fromisoformat(stamp) if stamp else None

    @property
    def mark_key(self) -> str:
        return f"{self.message.partition}:{self.message.offset}"

    @property
    def replay_of(self) -> str | None:
        """The dead letter this one is the failed replay of, if it is one."""
        return header_text(self.message.headers, REPLAY_OF_HEADER)

    @property
    def file_name(self) -> str | None:
        """The raw file's name as the publisher sent it (informational, never a path)."""
        return header_text(self.message.headers, FILE_NAME_HEADER)

    @property
    def target_topic(self) -> str | None:
        return self.error.get("topic") or None

    def to_json(self) -> dict[str, object]:
        return {
            "offset": self.message.offset,
            "partition": self.message.partition,
            "key": self.message.to_json()["key"],
            "bytes": len(self.message.value or b""),
            "file": self.file_name,
            "replayed_at": self.replayed_at,
            "replay_of": self.replay_of,
            **{f"error.{k}": v for k, v in sorted(self.error.items())},
        }


def replay_marks(
    settings: Settings, servers: str, *, stall_timeout: float = 60.0
) -> dict[str, dict[str, str]]:
    """The latest mark per dead letter (``partition:offset``) on the replay-marks topic."""
    marks: dict[str, dict[str, str]] = {}
    for message in read_to_end(settings, servers, settings.topic("dlq-replayed"),
                               stall_timeout=stall_timeout):
        if message.key is not None and message.value is not None:
            marks[message.key.decode()] = orjson.loads(message.value)
    return marks


def list_dead_letters(
    settings: Settings,
    servers: str,
    *,
    reason: str | None = None,
    since: datetime | None = None,
    stall_timeout: float = 60.0,
    on_progress: Progress | None = None,
) -> Iterator[DeadLetterView]:
    """Every dead letter the topic held when reading started, with its replay mark."""
    marks = replay_marks(settings, servers, stall_timeout=stall_timeout)
    for message in read_to_end(settings, servers, settings.topic("dlq"),
                               stall_timeout=stall_timeout, on_progress=on_progress):
        error = read_error(message.headers)
        view = DeadLetterView(message, error)
        mark = marks.get(view.mark_key)
        if mark is not None and mark.get("failed_at") == error.get("timestamp"):
            view = DeadLetterView(message, error, mark.get("replayed_at"))
        if reason is not None and view.reason != reason:
            continue
        failed = view.failed_at
        if since is not None and failed is not None and failed < since:
            continue
        yield view


@dataclass(frozen=True, slots=True)
class ReplayPlan:
    """What a replay will send, and what it skips because an earlier replay sent it."""

    send: list[DeadLetterView]
    skipped: list[DeadLetterView]

    def summary(self, settings: Settings) -> str:
        """One line per (reason, target topic) of the letters to send."""
        counts = Counter(
            (letter.reason, letter.target_topic or settings.topic("raw")) for letter in self.send
        )
        lines = (f"  {n} {reason} -> {topic}" for (reason, topic), n in sorted(counts.items()))
        return "\n".join(lines)


def plan_replay(letters: Iterable[DeadLetterView], *, again: bool = False) -> ReplayPlan:
    send: list[DeadLetterView] = []
    skipped: list[DeadLetterView] = []
    for letter in letters:
        (skipped if letter.replayed_at is not None and not again else send).append(letter)
    return ReplayPlan(send, skipped)


def replay(settings: Settings, servers: str, letters: Iterable[DeadLetterView]) -> int:
    """Republish to the original topics, then mark each letter replayed; returns how many were
    acknowledged. A letter is marked only after the broker took its copy: a replay cut short
    sends the unmarked ones again next time (at least once, never lost)."""
    producer = KafkaProducer(
        bootstrap_servers=servers.split(","),
        client_id="khabar-dlq-replay",
        acks="all",
        retries=5,
        max_request_size=settings.max_file_bytes + 64 * 1024,
        **settings.kafka_python_security(),
    )
    dlq = settings.topic("dlq")
    sent = []
    try:
        for letter in letters:
            topic = letter.target_topic or settings.topic("raw")
            headers = [
                (k, v) for k, v in letter.message.headers
                if not k.startswith(HEADER_PREFIX) and k != REPLAY_OF_HEADER
            ]
            headers.append((REPLAY_OF_HEADER, f"{dlq}/{letter.mark_key}".encode()))
            future = producer.send(
                topic, key=letter.message.key, value=letter.message.value, headers=headers
            )
            sent.append((letter, future))
        marks = []
        for letter, future in sent:
            future.get(timeout=60)
            mark = {
                "replayed_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "failed_at": letter.error.get("timestamp", ""),
                "reason": letter.reason,
            }
            marks.append(producer.send(settings.topic("dlq-replayed"),
                                       key=letter.mark_key.encode(), value=orjson.dumps(mark)))
        for future in marks:
            future.get(timeout=60)
    finally:
        producer.flush()
        producer.close()
    return len(sent)
