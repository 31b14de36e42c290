"""``khabar publish``: progress bar, one line per refused file, optional folder watching.

Watching remembers what it sent on disk (``workers.publish_state``), optionally moves sent
files to a ``done`` folder, and stops cleanly on SIGTERM as on Ctrl-C: the batch in flight is
acknowledged and recorded first, the producer flushed, exit status as usual.
"""

from __future__ import annotations

import shutil
import signal
import sys
import threading
from pathlib import Path

import click
from prometheus_client import start_http_server
from tqdm import tqdm

from workers.metrics import PublisherMetrics
from workers.producer import BrokerUnavailable, Outcome, Publisher, expand_paths
from workers.publish_state import FileState, SentFile, SentFiles, default_state_path
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


def _stable_files(folder: Path, candidates: dict[Path, FileState],
                  skip: Path | None) -> list[Path]:
    """Files whose size and mtime did not change since the previous scan, so a file still
    being copied is not published half-written (``skip``: a folder inside not to look at)."""
    ready = []
    current = {}
    for path in expand_paths([folder]):
        if skip is not None and path.resolve().is_relative_to(skip):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        state = FileState(stat.st_size, stat.st_mtime_ns)
        current[path] = state
        if candidates.get(path) == state:
            ready.append(path)
    candidates.clear()
    candidates.update(current)
    return ready


def _move_to(done: Path, folder: Path, path: Path) -> None:
    target = done / path.relative_to(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, target)


def watch(publisher: Publisher, folder: Path, interval: float, sent: SentFiles,
          done: Path | None, stop: threading.Event) -> int:
    """Publish the files that settle in ``folder`` until ``stop`` is set; returns how many
    were refused. Sent files are recorded in ``sent`` (and moved to ``done``) once the broker
    acknowledged them; a file sent before, by this run or an earlier one, is not sent again
    unless its content changed (and is moved to ``done`` too)."""
    failures = 0
    candidates: dict[Path, FileState] = {}
    handled: dict[Path, FileState] = {}  # this run: sent, refused or found already sent
    done_root = done.resolve() if done is not None else None
    while not stop.is_set():
        fresh = []
        for path in _stable_files(folder, candidates, done_root):
            state = candidates[path]
            if handled.get(path) == state:
                continue
            handled[path] = state
            if not sent.already_sent(str(path.relative_to(folder)), state, path):
                fresh.append(path)
            elif done is not None:  # sent by an earlier run, before --done was given
                _move_to(done, folder, path)
        if fresh:
            outcomes = _publish_batch(publisher, fresh)
            failures += _report(outcomes)
            acknowledged = [o for o in outcomes if o.ok]
            sent.record([
                SentFile(str(o.path.relative_to(folder)), *candidates[o.path], o.key)
                for o in acknowledged
            ])
            if done is not None:
                for outcome in acknowledged:
                    _move_to(done, folder, outcome.path)
        stop.wait(interval)
    return failures


def publish_command(
    settings: Settings,
    servers: str,
    paths: list[Path],
    watch_dir: Path | None,
    interval: float,
    metrics_port: int | None = None,
    state_file: Path | None = None,
    done_dir: Path | None = None,
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
            sent = SentFiles(state_file or default_state_path(settings.data_dir, watch_dir))
            click.echo(f"watching {watch_dir} (Ctrl-C or SIGTERM to stop); {len(sent)} files "
                       f"sent before are recorded in {sent.path}")
            stop = threading.Event()
            previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
            try:
                failures += watch(publisher, watch_dir, interval, sent, done_dir, stop)
            except KeyboardInterrupt:
                pass
            finally:
                signal.signal(signal.SIGTERM, previous)
            click.echo("stopped watching")
    return 1 if failures else 0
