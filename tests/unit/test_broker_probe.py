"""The broker probe behind /readyz, against a real listening socket on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from workers.worker import BrokerProbe


def _listener() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def test_the_probe_follows_a_listener_going_away_and_logs_each_change_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sock = _listener()
    port = sock.getsockname()[1]
    probe = BrokerProbe(f"127.0.0.1:{port}", timeout=2.0)
    caplog.set_level(logging.WARNING, logger="workers.worker")

    asyncio.run(probe.check())
    assert probe.ok is True
    assert not caplog.records

    sock.close()
    asyncio.run(probe.check())
    assert probe.ok is False
    asyncio.run(probe.check())
    assert [r.getMessage() for r in caplog.records] == ["brokers unreachable"]

    again = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    again.bind(("127.0.0.1", port))
    again.listen(8)
    try:
        asyncio.run(probe.check())
    finally:
        again.close()
    assert probe.ok is True
    assert [r.getMessage() for r in caplog.records] == [
        "brokers unreachable",
        "brokers reachable again",
    ]


def test_any_one_reachable_server_is_enough() -> None:
    closed = _listener()
    closed_port = closed.getsockname()[1]
    closed.close()
    live = _listener()
    try:
        probe = BrokerProbe(
            f"127.0.0.1:{closed_port}, 127.0.0.1:{live.getsockname()[1]}", timeout=2.0
        )
        asyncio.run(probe.check())
        assert probe.ok is True
    finally:
        live.close()


def test_malformed_entries_are_ignored_not_probed() -> None:
    probe = BrokerProbe("127.0.0.1:9092,nonsense,host:notaport,:9093")
    assert probe.addresses == [("127.0.0.1", 9092)]
