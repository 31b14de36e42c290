"""The local Apache Kafka's cluster id never reads as a command-line option, and the storage
tool formats a log folder even for an id that begins with "-" (one random id in 64 did, and
the broker then failed to start)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from workers.brokers import kafka


def test_an_id_that_would_begin_with_a_dash_is_drawn_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draws: Iterator[uuid.UUID] = iter([
        uuid.UUID(bytes=b"\xf8" + bytes(15)),  # encodes to "-AAA…"
        uuid.UUID(bytes=b"\x04" + bytes(15)),  # encodes to "BAAA…"
    ])
    monkeypatch.setattr(kafka.uuid, "uuid4", lambda: next(draws))
    assert kafka.cluster_id() == "BAAAAAAAAAAAAAAAAAAAAA"


def test_random_ids_are_22_url_safe_characters_not_opening_with_a_dash() -> None:
    ids = [kafka.cluster_id() for _ in range(2000)]
    assert all(len(text) == 22 and not text.startswith("-") for text in ids)
    assert all(set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789-_") for text in ids)
    assert len(set(ids)) == len(ids)
