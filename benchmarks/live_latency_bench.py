"""Live latency: seed-sized files published at a steady rate, publish to khabar.enriched.

For each local broker (Apache Kafka, then Tansu) one worker first drains a backlog, which
gives its drain rate (articles/s); then files are published at a steady pace for ``--duration``
seconds at 25 %, 50 % and 80 % of that rate, and each article's latency is the Kafka timestamp
of its record on khabar.enriched minus its raw file's (``pipeline.ingested_at``, the publish
time). p50/p95/p99 per load; the same worker serves every load of its broker, so the ratios
between the brokers are measured on the same machine in the same run.

    .venv/bin/python benchmarks/live_latency_bench.py             # 60 s per load, both brokers
    .venv/bin/python benchmarks/live_latency_bench.py --quick     # 15 s per load
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kafka import KafkaProducer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import arguments, emit, fmt, header, table
from benchmarks.e2e_bench import WORKER, Workers, collect, ingested, new_settings, percentile
from workers.brokers import BROKER_KINDS, BrokerKind, local_broker
from workers.consume import Message
from workers.record import RawFile
from workers.settings import Settings
from workers.stages.split import split_file
from workers.topics import create_topics

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@dataclass(frozen=True)
class Load:
    broker: str
    fraction: float
    files_per_second: float
    articles: int
    latencies_ms: list[float]

    def row(self) -> list[str]:
        return [self.broker, f"{self.fraction:.0%}", fmt(self.files_per_second),
                fmt(self.files_per_second * ARTICLES_PER_FILE), str(self.articles),
                *(fmt(percentile(self.latencies_ms, q)) for q in (50, 95, 99))]


def seed_sized_files(count: int, tag: str) -> list[bytes]:
    """Distinct files made from the seeds (an appended line is one more paragraph of the last
    article, never a new one), so each file yields as many articles as its seed."""
    return [SEEDS[i % len(SEEDS)].read_bytes() + f"\nنسخة {tag}-{i}.\n".encode()
            for i in range(count)]


def articles_in(data: bytes) -> int:
    raw = RawFile(data, hashlib.sha256(data).hexdigest(), None, "2026-01-01T00:00:00.000+00:00")
    return len(split_file(raw))


ARTICLES_PER_FILE = sum(articles_in(s.read_bytes()) for s in SEEDS) / len(SEEDS)


def send_paced(settings: Settings, servers: str, files: list[bytes], per_second: float) -> None:
    """Publish ``files`` one at a time on a fixed schedule (no drift: each send waits for its
    own slot), as a stream of news arriving would."""
    producer = KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=0,
                             max_request_size=settings.max_message_bytes)
    start = time.monotonic()
    try:
        for number, data in enumerate(files):
            delay = start + number / per_second - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            producer.send(settings.topic("raw"), key=hashlib.sha256(data).hexdigest().encode(),
                          value=data)
        producer.flush()
    finally:
        producer.close()


def arrivals(settings: Settings, servers: str, files: list[bytes]) -> list[Message]:
    """The first record on khabar.enriched of every article of ``files``."""
    keys = {hashlib.sha256(data).hexdigest() for data in files}
    expected = sum(articles_in(data) for data in files)
    return list(collect(settings, servers, settings.topic("enriched"), keys, expected).values())


def latencies(settings: Settings, servers: str, files: list[bytes]) -> list[float]:
    return [1000 * (m.timestamp - ingested(m)) for m in arrivals(settings, servers, files)]


def drain_rate(settings: Settings, servers: str, count: int) -> float:
    """Articles/s of one worker emptying a backlog of ``count`` files published at once."""
    files = seed_sized_files(count, "backlog")
    started = time.time()
    send_paced(settings, servers, files, per_second=1e9)
    found = arrivals(settings, servers, files)
    return len(found) / (max(m.timestamp for m in found) - started)


def run_broker(kind: BrokerKind, fractions: list[float], duration: float, backlog: int,
               folder: Path) -> tuple[float, list[Load]]:
    loads = []
    with local_broker(kind) as broker:
        servers = broker.bootstrap_servers
        settings = new_settings(servers, "l", kind)
        create_topics(settings, servers)
        workers = Workers(WORKER, settings, servers, folder / kind, kind)
        workers.folder.mkdir(parents=True)
        try:
            workers.start(1)
            send_paced(settings, servers, seed_sized_files(10, "warm"), per_second=1e9)
            latencies(settings, servers, seed_sized_files(10, "warm"))
            drain = drain_rate(settings, servers, backlog)
            emit(f"... {kind}: drain rate {fmt(drain)} articles/s")
            for fraction in fractions:
                per_second = fraction * drain / ARTICLES_PER_FILE
                files = seed_sized_files(max(1, round(per_second * duration)),
                                         f"{kind}-{fraction}")
                send_paced(settings, servers, files, per_second)
                found = latencies(settings, servers, files)
                loads.append(Load(kind, fraction, per_second, len(found), found))
                emit(f"... {kind} at {fraction:.0%}: p99 "
                     f"{fmt(percentile(found, 99))} ms over {len(found)} articles")
        finally:
            workers.stop()
    return drain, loads


def extra(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--brokers", nargs="+", choices=BROKER_KINDS,
                        default=["kafka", "tansu"], help="local brokers (default both)")
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 0.8],
                        help="loads as fractions of the drain rate")
    parser.add_argument("--duration", type=float, default=None, help="seconds per load (60)")


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0], extra)
    duration = args.duration or (15.0 if args.quick else 60.0)
    backlog = 150 if args.quick else 600
    emit(header(f"live latency, 1 worker, seed-sized files ({ARTICLES_PER_FILE:.1f} articles "
                f"each), {duration:.0f} s per load"))
    rows, drains = [], {}
    with tempfile.TemporaryDirectory(prefix="khabar-live-") as tmp:
        for kind in args.brokers:
            drains[kind], loads = run_broker(kind, args.fractions, duration, backlog, Path(tmp))
            rows += [load.row() for load in loads]
    emit("")
    emit(table(["broker", "load", "files/s", "articles/s", "articles measured", "p50 ms",
                "p95 ms", "p99 ms"], rows))
    emit("")
    for kind, rate in drains.items():
        emit(f"{kind}: drain rate {fmt(rate)} articles/s (backlog of {backlog} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
