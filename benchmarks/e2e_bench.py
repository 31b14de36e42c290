"""End to end through each local broker (Apache Kafka, then Tansu): files/s, articles/s and
per-record latency of real worker subprocesses (1, then 2), against the pass-through ceiling
(``passthrough_app.py``: the same app settings and topics, agents that only forward bytes)
measured in the same run with the same number of messages of the same sizes (the articles' own
JSON, ~3 KB).

Throughput runs from the first publish to the Kafka timestamp of the last record on the
enriched topic (and, for khabar, to the last article's first record on the clusters topic:
"clustered/s"); latency is, per record, the enriched message's Kafka timestamp minus the raw
message's (``pipeline.ingested_at`` in the record; read from the raw topic for the
pass-through). Every run starts with a small warm-up batch, so consumer-group joins and cold
caches are not counted.

    .venv/bin/python benchmarks/e2e_bench.py            # 2,000 files per run, 3 runs
    .venv/bin/python benchmarks/e2e_bench.py --quick    # 200 files per run
    .venv/bin/python benchmarks/e2e_bench.py --brokers kafka
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, arguments, emit, fmt, header, stat_cells, table
from benchmarks.corpus import CorpusFile, generate
from workers import record
from workers.brokers import BROKER_KINDS, BrokerKind, local_broker
from workers.brokers.process import free_port
from workers.consume import Message, read_topic
from workers.errors import KhabarError
from workers.producer import Publisher
from workers.record import RawFile
from workers.settings import Settings
from workers.stages.split import split_file
from workers.topics import create_topics

WORKER = [sys.executable, "-m", "workers", "worker"]
PASSTHROUGH = [sys.executable, str(ROOT / "benchmarks" / "passthrough_app.py")]
WARM_FILES = 8
COLLECT_TIMEOUT = 900.0
PIPELINES = {"khabar": WORKER, "pass-through": PASSTHROUGH}


@dataclass
class Run:
    seconds: float
    files: int
    messages: int
    latencies: list[float]
    worker_cpu: float  # CPU seconds the worker processes spent on the batch
    clustered_seconds: float | None = None  # until every article had a cluster record


@dataclass
class Case:
    name: str
    workers: int
    broker: str
    runs: list[Run] = field(default_factory=list)


@dataclass
class Workers:
    """Worker subprocesses of one pipeline; stopped by PID in :meth:`stop`."""

    command: list[str]
    settings: Settings
    servers: str
    folder: Path
    broker: str = "tansu"
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)  # each worker's /metrics port

    def start(self, count: int) -> None:
        for number in range(count):
            port = free_port()
            env = dict(os.environ) | {
                "KAFKA_BOOTSTRAP_SERVERS": self.servers,
                "KHABAR_EMBEDDED_BROKER": str(self.broker == "tansu").lower(),
                "KHABAR_TOPIC_PREFIX": self.settings.topic_prefix,
                "KHABAR_APP_ID": self.settings.app_id,
                "KHABAR_WEB_HOST": "127.0.0.1",
                "KHABAR_WEB_PORT": str(port),
                "KHABAR_DATA_DIR": str(self.folder / f"data-{number}"),
                "KHABAR_LOG_LEVEL": "WARNING",
            }
            log = (self.folder / f"worker-{number}.log").open("wb")
            process = subprocess.Popen(self.command, env=env, stdout=log,
                                       stderr=subprocess.STDOUT, cwd=ROOT)
            self.processes.append(process)
            self.ports.append(port)
            wait_ready(f"http://127.0.0.1:{port}/readyz", process)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the worker processes so far, from /proc."""
        return sum(process_cpu_seconds(p.pid) for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker {process.pid} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout} s")


def new_settings(servers: str, tag: str, broker: str = "tansu") -> Settings:
    name = f"{tag}{uuid.uuid4().hex[:8]}"
    return Settings(bootstrap_servers=servers, topic_prefix=f"{name}.", app_id=f"khabar-{name}",
                    embedded_broker=broker == "tansu")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_messages(files: Sequence[CorpusFile]) -> list[bytes]:
    """The split stage's output for ``files``: the article records as they travel on Kafka."""
    messages: list[bytes] = []
    for item in files:
        raw = RawFile(item.data, sha(item.data), item.name, "2026-01-01T00:00:00.000+00:00")
        try:
            messages.extend(record.dumps(a) for a in split_file(raw))
        except KhabarError:
            continue
    return messages


def collect(settings: Settings, servers: str, topic: str, keys: set[str], expected: int,
            on_poll: Callable[[], object] | None = None) -> dict[str, Message]:
    """The first message of each wanted key (keys matched on their first 64 characters)."""
    found: dict[str, Message] = {}
    checked = 0

    def done(seen: list[Message]) -> bool:
        nonlocal checked
        for message in seen[checked:]:
            key = (message.key or b"").decode()
            if key[:64] in keys and key not in found:
                found[key] = message
        checked = len(seen)
        if on_poll is not None:
            on_poll()
        return len(found) >= expected

    for _ in read_topic(settings, servers, topic, timeout=COLLECT_TIMEOUT, until=done):
        pass
    if len(found) < expected:
        raise TimeoutError(f"{topic}: {len(found)} of {expected} records after "
                           f"{COLLECT_TIMEOUT} s")
    return found


def publish(settings: Settings, servers: str, paths: list[Path]) -> None:
    with Publisher(settings, servers) as publisher:
        failed = [o for o in publisher.publish(paths) if not o.ok]
    if failed:
        raise RuntimeError(f"{len(failed)} files not published: {failed[0]}")


def ingested(message: Message) -> float:
    value = orjson.loads(message.value or b"{}")
    return datetime.fromisoformat(value["pipeline"]["ingested_at"]).timestamp()


def timed_batch(workers: Workers, paths: list[Path], payloads: list[bytes], expected: int,
                real: bool) -> Run:
    """Publish, wait for every expected record on the enriched topic, time it."""
    settings, servers = workers.settings, workers.servers
    keys = {sha(p) for p in payloads}
    cpu_before = workers.cpu_seconds()
    started = time.time()
    publish(settings, servers, paths)
    found = collect(settings, servers, settings.topic("enriched"), keys, expected)
    finished = max(m.timestamp for m in found.values())
    clustered: float | None = None
    if real:
        latencies = [m.timestamp - ingested(m) for m in found.values()]
        clusters = collect(settings, servers, settings.topic("clusters"), keys, expected)
        clustered = max(m.timestamp for m in clusters.values()) - started
    else:
        raws = collect(settings, servers, settings.topic("raw"), keys, len(keys))
        latencies = [m.timestamp - raws[k].timestamp for k, m in found.items()]
    worker_cpu = workers.cpu_seconds() - cpu_before
    return Run(finished - started, len(paths), len(found), latencies, worker_cpu, clustered)


def run_case(case: Case, command: list[str], servers: str, batches: list[list[CorpusFile]],
             folder: Path) -> None:
    """One set of workers; a warm-up batch, then one timed batch per run."""
    real = command == WORKER
    settings = new_settings(servers, "e" if real else "p", case.broker)
    create_topics(settings, servers)
    workers = Workers(command, settings, servers,
                      folder / f"{case.broker}-{case.name}-{case.workers}", case.broker)
    workers.folder.mkdir(parents=True)
    try:
        workers.start(case.workers)
        for number, batch in enumerate(batches):
            if real:
                payloads = [f.data for f in batch]
                expected = len(article_messages(batch))
            else:
                payloads = article_messages(batch)
                expected = len(payloads)
            paths = [workers.folder / f"b{number}-{i:05d}.txt" for i in range(len(payloads))]
            for path, payload in zip(paths, payloads, strict=True):
                path.write_bytes(payload)
            result = timed_batch(workers, paths, payloads, expected, real)
            if number > 0:  # batch 0 is the warm-up
                case.runs.append(result)
    finally:
        workers.stop()


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else values[0]


def case_row(case: Case) -> list[str]:
    rates = [r.messages / r.seconds for r in case.runs]
    files = [r.files / r.seconds for r in case.runs]
    latencies = [x * 1000 for r in case.runs for x in r.latencies]
    real = case.name == "khabar"
    clustered = [r.messages / r.clustered_seconds for r in case.runs if r.clustered_seconds]
    return [case.broker, case.name, str(case.workers), str(case.runs[0].files) if real else "-",
            str(case.runs[0].messages), fmt(statistics.median(files)) if real else "-",
            *stat_cells(rates), fmt(statistics.median(clustered)) if clustered else "-",
            *(fmt(percentile(latencies, q)) for q in (50, 95, 99)),
            fmt(statistics.median(1000 * r.worker_cpu / r.messages for r in case.runs))]


def median_rate(case: Case) -> float:
    return statistics.median(r.messages / r.seconds for r in case.runs)


def extra(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--files", type=int, default=None, help="files per run (2000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--brokers", nargs="+", choices=BROKER_KINDS,
                        default=["kafka", "tansu"], help="local brokers to run on (default both)")
    parser.add_argument("--pipelines", nargs="+", choices=PIPELINES, default=list(PIPELINES),
                        help="which pipelines to run (default both)")


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0], extra)
    count = args.files or (200 if args.quick else 2000)
    corpus = generate(WARM_FILES + count * args.runs, args.seed)
    batches = [corpus[:WARM_FILES]] + [
        corpus[WARM_FILES + r * count: WARM_FILES + (r + 1) * count] for r in range(args.runs)
    ]
    emit(header(f"end to end through the local brokers ({', '.join(args.brokers)}), {count} "
                f"files per run, {args.runs} runs"))
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="khabar-e2e-") as tmp:
        for kind in args.brokers:
            cases += run_broker(kind, args.workers, args.pipelines, batches, Path(tmp))
    emit("")
    emit(table(["broker", "pipeline", "workers", "files", "articles/messages", "files/s median",
                "articles/s min", "median", "max", "clustered/s median", "p50 ms", "p95 ms",
                "p99 ms", "worker CPU ms/record"],
               [case_row(c) for c in cases]))
    emit("")
    for kind in args.brokers:
        for workers in args.workers:
            real = next((c for c in cases if (c.broker, c.workers, c.name) ==
                         (kind, workers, "khabar")), None)
            ceiling = next((c for c in cases if (c.broker, c.workers) == (kind, workers)
                            and c.name != "khabar"), None)
            if real is None or ceiling is None:
                continue
            emit(f"{kind}, {workers} worker(s): khabar articles/s / pass-through messages/s = "
                 f"{median_rate(real) / median_rate(ceiling):.0%}")
    return 0


def run_broker(kind: BrokerKind, worker_counts: list[int], pipelines: list[str],
               batches: list[list[CorpusFile]], folder: Path) -> list[Case]:
    """Every case on one freshly started local broker of ``kind``."""
    cases = []
    with local_broker(kind) as broker:
        for workers in worker_counts:
            for name in pipelines:
                case = Case(name, workers, kind)
                run_case(case, PIPELINES[name], broker.bootstrap_servers, batches, folder)
                cases.append(case)
                emit(f"... {kind}, {name} x{workers}: median {fmt(median_rate(case))} msg/s")
    return cases


if __name__ == "__main__":
    sys.exit(main())
