"""``khabar publish``: progress bar, one line per refused file, optional folder watching."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from prometheus_client import start_http_server
from tqdm import tqdm

from workers.metrics import PublisherMetrics
from workers.producer import BrokerUnavailable, Outcome, Publisher, expand_paths
from workers.settings import Settings


def _report(outcomes: list[Outcome]) -> int:
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        click.echo(f"refused {outcome.path}: {outcome.reason}: {outcome.detail}", err=True)
    sent = len(outcomes) - len(failed)
    size = sum(o.bytes for o in outcomes if o.ok)
    click.echo(f"published {sent} of {len(outcomes)} files ({size} bytes), {len(failed)} refused")
    return len(failed)


def _publish_batch(publisher: Publisher, files: list[Path]) -> list[Outcome]:
    outcomes = []
    with tqdm(total=len(files), unit="file", disable=not sys.stderr.isatty() or not files,
              file=sys.stderr) as bar:
        for outcome in publisher.publish(files):
            outcomes.append(outcome)
            bar.update(1)
    return outcomes


def _stable_new_files(folder: Path, seen: dict[Path, tuple[int, int]],
                      candidates: dict[Path, tuple[int, int]]) -> list[Path]:
    """Files whose size and mtime did not change since the previous scan (so a file still being
    copied is not published half-written), and that were not published in that state before."""
    ready = []
    current = {}
    for path in expand_paths([folder]):
        try:
            stat = path.stat()
        except OSError:
            continue
        state = (stat.st_size, stat.st_mtime_ns)
        current[path] = state
        if seen.get(path) != state and candidates.get(path) == state:
            ready.append(path)
    candidates.clear()
    candidates.update(current)
    return ready


def publish_command(
    settings: Settings,
    servers: str,
    paths: list[Path],
    watch_dir: Path | None,
    interval: float,
    metrics_port: int | None = None,
) -> int:
    metrics = PublisherMetrics.create()
    if metrics_port is not None:
        start_http_server(metrics_port, addr=settings.web_host, registry=metrics.registry)
        click.echo(f"metrics at http://{settings.web_host}:{metrics_port}/metrics")
    try:
        publisher = Publisher(settings, servers, metrics)
    except BrokerUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    failures = 0
    with publisher:
        if paths:
            failures += _report(_publish_batch(publisher, list(expand_paths(paths))))
        if watch_dir is not None:
            click.echo(f"watching {watch_dir} (Ctrl-C to stop)")
            seen: dict[Path, tuple[int, int]] = {}
            candidates: dict[Path, tuple[int, int]] = {}
            try:
                while True:
                    ready = _stable_new_files(watch_dir, seen, candidates)
                    if ready:
                        failures += _report(_publish_batch(publisher, ready))
                        seen.update({p: candidates[p] for p in ready if p in candidates})
                    time.sleep(interval)
            except KeyboardInterrupt:
                click.echo("stopped watching")
    return 1 if failures else 0
