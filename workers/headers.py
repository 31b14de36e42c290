"""Message header names shared by the publisher, the agents and the CLI."""

from __future__ import annotations

from collections.abc import Iterable

FILE_NAME_HEADER = "khabar.file.name"  # informational only: never used as a path
FILE_SIZE_HEADER = "khabar.file.bytes"


def header_text(headers: Iterable[tuple[str, bytes]], name: str) -> str | None:
    """The first value of header ``name`` as text (undecodable bytes replaced), or None."""
    for key, value in headers:
        if key == name:
            return value.decode("utf-8", "replace")
    return None


def stage_seconds_header(stage: str) -> str:
    """Per-stage processing time travels in headers, so the record stays byte-identical."""
    return f"khabar.stage.{stage}.seconds"

# On a replayed dead letter: "<dlq topic>/<partition>:<offset>" of the letter it was sent from.
REPLAY_OF_HEADER = "khabar.replay.of"
