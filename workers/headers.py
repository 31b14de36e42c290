"""Message header names shared by the publisher, the agents and the CLI."""

from __future__ import annotations

FILE_NAME_HEADER = "khabar.file.name"  # informational only: never used as a path
FILE_SIZE_HEADER = "khabar.file.bytes"


def stage_seconds_header(stage: str) -> str:
    """Per-stage processing time travels in headers, so the record stays byte-identical."""
    return f"khabar.stage.{stage}.seconds"

# On a replayed dead letter: "<dlq topic>/<partition>:<offset>" of the letter it was sent from.
REPLAY_OF_HEADER = "khabar.replay.of"
