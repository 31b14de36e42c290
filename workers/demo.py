"""``khabar demo``: the whole pipeline on this machine, from files to enriched records.

It starts what it needs (the embedded broker unless ``KAFKA_BOOTSTRAP_SERVERS`` is set, and one
worker process), publishes the sample files, waits until the worker's own counters show every
message consumed by the next stage, reads the enriched topic, prints a summary and stops exactly
the processes it started.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
from prometheus_client.parser import text_string_to_metric_families

from workers.brokers import TansuBroker
from workers.brokers.process import free_port
from workers.consume import read_topic
from workers.metrics import STAGES
from workers.producer import Publisher, expand_paths
from workers.settings import Settings
from workers.topics import create_topics

WAIT_SECONDS = 120.0


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Samples of one /metrics page keyed by (name, sorted labels)."""
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own http URL  # nosec B310
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def stage_counter(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float],
                  name: str, stage: str) -> float:
    return samples.get((name, (("stage", stage),)), 0.0)


def drained(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], files: int) -> bool:
    """True when the split stage took every file and each later stage took every record the
    stage before it produced, with nothing in flight."""
    received = stage_counter(samples, "khabar_stage_messages_in_total", "split")
    if received < files:
        return False
    for before, after in itertools.pairwise(STAGES):
        out = stage_counter(samples, "khabar_stage_records_out_total", before)
        if stage_counter(samples, "khabar_stage_messages_in_total", after) < out:
            return False
    return all(stage_counter(samples, "khabar_stage_in_flight", s) == 0 for s in STAGES)


def wait_http_ok(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the worker exited with code {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2) as response,  # noqa: S310  # nosec B310
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout} s")


def stop_process(process: subprocess.Popen[bytes], timeout: float = 20.0) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
    return process.returncode


@contextlib.contextmanager
def broker_for(settings: Settings) -> Iterator[tuple[str, bool]]:
    """The configured cluster, or an embedded broker for the duration of the block."""
    if settings.bootstrap_servers:
        yield settings.bootstrap_servers, False
        return
    with TansuBroker() as broker:
        yield broker.bootstrap_servers, True


def worker_env(settings: Settings, servers: str, embedded: bool, web_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KAFKA_BOOTSTRAP_SERVERS=servers,
        KHABAR_WEB_HOST="127.0.0.1",
        KHABAR_WEB_PORT=str(web_port),
        KHABAR_TOPIC_PREFIX=settings.topic_prefix,
        KHABAR_APP_ID=settings.app_id,
        KHABAR_LOG_LEVEL="WARNING",
    )
    if embedded:
        env["KHABAR_EMBEDDED_BROKER"] = "true"
    return env


def summary_rows(records: list[dict[str, object]]) -> list[tuple[str, ...]]:
    def part(rec: dict[str, object], name: str) -> dict[str, object]:
        value = rec.get(name)
        return value if isinstance(value, dict) else {}

    rows: list[tuple[str, ...]] = []
    for rec in records:
        file, language = part(rec, "file"), part(rec, "language")
        published, source = part(rec, "published_at"), part(rec, "source")
        headline = str(rec.get("headline", ""))
        rows.append(
            (
                str(file.get("name", "")),
                str(rec.get("position", "")),
                headline if len(headline) <= 48 else headline[:47] + "…",
                str(language.get("code", "")),
                str(published.get("value", "")),
                str(source.get("name", "")),
            )
        )
    return rows


def format_table(rows: list[tuple[str, ...]]) -> str:
    header = ("file", "article", "headline", "language", "published", "source")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def story_clusters(settings: Settings, servers: str, article_ids: set[str]) -> str:
    """One line on the story clusters of the demo's articles, once each has its record."""
    cluster_of: dict[str, str] = {}
    for message in read_topic(settings, servers, settings.topic("clusters"), timeout=30.0,
                              until=lambda _: article_ids <= cluster_of.keys()):
        value = orjson.loads(message.value or b"{}")
        cluster_of[(message.key or b"").decode()] = str(value.get("cluster_id"))
    if not article_ids <= cluster_of.keys():
        return "story clusters: not all written yet (see `khabar consume clusters`)"
    clusters = {cluster_of[key] for key in article_ids}
    return (f"story clusters: {len(clusters)} for {len(article_ids)} articles "
            f"({len(article_ids) - len(clusters)} joined an earlier copy); "
            f"`khabar consume clusters` shows them")


def run_demo(settings: Settings, paths: list[Path], output: Path) -> int:
    files = list(expand_paths(paths))
    web_port = free_port()
    metrics_url = f"http://127.0.0.1:{web_port}/metrics"
    with broker_for(settings) as (servers, embedded):
        print(f"broker: {servers}{' (embedded)' if embedded else ''}", flush=True)
        create_topics(settings, servers)
        command = [sys.executable, "-m", "workers", "worker"]
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        log_path = settings.data_dir / "demo-worker.log"
        log_file = log_path.open("wb")
        worker = subprocess.Popen(  # noqa: S603 - our module, fixed arguments  # nosec B603
            command, env=worker_env(settings, servers, embedded, web_port),
            stdout=log_file, stderr=subprocess.STDOUT,
        )
        try:
            wait_http_ok(f"http://127.0.0.1:{web_port}/readyz", 60.0, worker)
            print(f"worker: pid {worker.pid}, metrics at {metrics_url}, "
                  f"health at /livez and /readyz, log in {log_path}", flush=True)
            with Publisher(settings, servers) as publisher:
                outcomes = list(publisher.publish(files))
            sent = [o for o in outcomes if o.ok]
            for refused in (o for o in outcomes if not o.ok):
                print(f"refused {refused.path}: {refused.reason}: {refused.detail}")
            print(f"published {len(sent)} of {len(outcomes)} files", flush=True)
            deadline = time.monotonic() + WAIT_SECONDS
            while not drained(scrape(metrics_url), len(sent)):
                if time.monotonic() > deadline or worker.poll() is not None:
                    print("the pipeline did not drain in time", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            samples = scrape(metrics_url)
            expected = int(stage_counter(samples, "khabar_stage_records_out_total", "enrich"))
            dead = sum(v for (name, _), v in samples.items()
                       if name == "khabar_dead_letters_total")
            latest: dict[bytes, bytes] = {}
            for message in read_topic(
                settings, servers, settings.topic("enriched"), timeout=30.0,
                until=lambda seen: len({m.key for m in seen}) >= expected,
            ):
                if message.key is not None and message.value is not None:
                    latest[message.key] = message.value
            records = sorted(
                (orjson.loads(v) for v in latest.values()),
                key=lambda r: (r["file"]["name"] or "", r["position"]),
            )
            output.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
            print()
            print(format_table(summary_rows(records)))
            print()
            print(f"{len(records)} articles from {len(sent)} files, {int(dead)} dead letters; "
                  f"records written to {output}")
            print(story_clusters(settings, servers, {k.decode() for k in latest}), flush=True)
            return 0 if len(records) == expected else 1
        finally:
            code = stop_process(worker)
            log_file.close()
            print(f"worker stopped (exit {code})", flush=True)
