"""The ``khabar`` command line. Configuration comes from the environment (see ``Settings``);
options here override it for one run."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import orjson

from workers import __version__
from workers.settings import ConfigError, Settings, load_settings, unknown_variables

if TYPE_CHECKING:
    from workers.dlq import DeadLetterView

log = logging.getLogger("workers.cli")

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DEAD_LETTERS = 3


def _settings(**overrides: Any) -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(f"khabar: {problem}", err=True)
        sys.exit(2)
    updates = {k: v for k, v in overrides.items() if v is not None}
    return settings.model_copy(update=updates) if updates else settings


def _servers(settings: Settings) -> str:
    if not settings.bootstrap_servers:
        raise click.UsageError(
            "KAFKA_BOOTSTRAP_SERVERS is not set: start a broker with `khabar broker` and export "
            "the line it prints, or point it at your Kafka cluster"
        )
    return settings.bootstrap_servers


def _configure_logging(level: str, log_format: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        from pythonjsonlogger.json import JsonFormatter  # noqa: PLC0415 - only when asked

        # time: ISO-8601 in UTC; exceptions arrive as one "exc_info" string field.
        handler.setFormatter(JsonFormatter(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            json_ensure_ascii=False,
        ))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    # The Kafka clients log every connection at INFO; their warnings still come through.
    for noisy in ("kafka", "aiokafka"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def _prefix_option(func: F) -> F:
    return click.option(
        "--topic-prefix", default=None, help="Topic name prefix (env KHABAR_TOPIC_PREFIX)."
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khabar")
@click.option("--log-level", default=None, help="Log level (env KHABAR_LOG_LEVEL).",
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
                                case_sensitive=False))
def main(log_level: str | None) -> None:
    """khabar: streaming ingestion workers for news."""
    settings = _settings()
    _configure_logging(log_level or settings.log_level, settings.log_format)
    for warning in unknown_variables(os.environ):
        log.warning("%s", warning)


@main.command()
def config() -> None:
    """Print the effective configuration, secrets hidden."""
    for key, value in sorted(_settings().redacted().items()):
        click.echo(f"{key} = {value}")


@main.command()
@click.option("--port", type=int, default=9092, show_default=True, help="Port on 127.0.0.1.")
@click.option("--kafka", "kind", flag_value="kafka",
              help="Apache Kafka (a KRaft node; needs Java 17, and Maven on first use).")
@click.option("--tansu", "kind", flag_value="tansu", default=True,
              help="The embedded Tansu broker, in memory (the default).")
def broker(port: int, kind: str) -> None:
    """Run a local broker on 127.0.0.1 with every topic created, until Ctrl-C."""
    from workers.brokers import local_broker  # noqa: PLC0415 - fast --help
    from workers.topics import create_topics  # noqa: PLC0415

    settings = _settings()
    if kind == "kafka":
        click.echo("starting Apache Kafka (the first start downloads its jars with Maven)")
    with local_broker("kafka" if kind == "kafka" else "tansu", port=port) as local:
        create_topics(settings, local.bootstrap_servers)
        click.echo(f"{local.kind} broker ready on {local.bootstrap_servers}; in another shell:")
        click.echo(f"  export KAFKA_BOOTSTRAP_SERVERS={local.bootstrap_servers}")
        if kind != "kafka":
            click.echo("  export KHABAR_EMBEDDED_BROKER=true")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            while not stop.wait(0.5):
                if local.exited():
                    raise click.ClickException("the broker process exited")
        except KeyboardInterrupt:
            pass
    click.echo("broker stopped")


@main.command()
def worker() -> None:
    """Run a worker: the four agents, /metrics, /livez and /readyz."""
    from workers.brokers import TansuBroker  # noqa: PLC0415
    from workers.worker import run_worker  # noqa: PLC0415

    settings = _settings()
    if settings.bootstrap_servers:
        run_worker(settings, settings.bootstrap_servers)
    if settings.processing_guarantee == "exactly_once":
        raise click.UsageError("KHABAR_PROCESSING_GUARANTEE=exactly_once needs Kafka "
                               "transactions: set KAFKA_BOOTSTRAP_SERVERS to Apache Kafka "
                               "(khabar broker --kafka) instead of the embedded broker")
    with TansuBroker() as embedded:
        click.echo(f"no KAFKA_BOOTSTRAP_SERVERS: embedded broker on {embedded.bootstrap_servers}")
        run_worker(settings.model_copy(update={"embedded_broker": True}),
                   embedded.bootstrap_servers)


@main.command()
def topics() -> None:
    """Create the khabar topics on the configured cluster (existing ones are left alone)."""
    from workers.topics import create_topics  # noqa: PLC0415

    settings = _settings()
    created = create_topics(settings, _servers(settings))
    click.echo(f"created: {', '.join(created) or 'none (all exist)'}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--watch", "watch_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Keep publishing new files that appear in this folder.")
@click.option("--interval", type=float, default=1.0, show_default=True,
              help="Seconds between scans of --watch.")
@click.option("--metrics-port", type=int, default=None,
              help="Serve the publisher's Prometheus metrics on KHABAR_WEB_HOST:PORT.")
@click.option("--state", "state_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Where --watch records what it sent "
              "[default: KHABAR_DATA_DIR/publish/sent-<folder>.jsonl].")
@click.option("--done", "done_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Move each file --watch sent (acknowledged) into this folder.")
@_prefix_option
def publish(paths: tuple[Path, ...], watch_dir: Path | None, interval: float,
            metrics_port: int | None, state_file: Path | None, done_dir: Path | None,
            topic_prefix: str | None) -> None:
    """Publish files and folders to the raw topic; exit 1 if any file failed."""
    from workers.publish_cli import publish_command  # noqa: PLC0415

    if not paths and watch_dir is None:
        raise click.UsageError("give at least one PATH or --watch DIR")
    settings = _settings(topic_prefix=topic_prefix)
    sys.exit(publish_command(settings, _servers(settings), list(paths), watch_dir, interval,
                             metrics_port, state_file, done_dir))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write article records here instead of stdout.")
@click.option("--dead-letters", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write dead letters here instead of stderr.")
@click.option("--clusters", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write the story cluster of every article here, as JSON lines.")
def process(
    paths: tuple[Path, ...], out: Path | None, dead_letters: Path | None, clusters: Path | None
) -> None:
    """Run the stages in this process, no Kafka: article records as JSON lines.

    Exit 0 when every input produced articles, 3 when any input was dead-lettered."""
    from workers.process import (  # noqa: PLC0415
        DeadLetter,
        clusters_of,
        member_of,
        process_paths,
    )
    from workers.producer import expand_paths  # noqa: PLC0415
    from workers.record import dumps  # noqa: PLC0415
    from workers.stages.cluster import Member  # noqa: PLC0415
    from workers.stages.limits import Limits  # noqa: PLC0415

    settings = _settings()
    limits = Limits(settings.max_file_bytes, settings.max_articles_per_file,
                    settings.max_article_chars)
    records = out.open("wb") if out else sys.stdout.buffer
    letters = dead_letters.open("wb") if dead_letters else sys.stderr.buffer
    failed = 0
    members: list[Member] = []
    try:
        for _, result in process_paths(expand_paths(paths), limits):
            if isinstance(result, DeadLetter):
                failed += 1
                letters.write(orjson.dumps(result.to_json()) + b"\n")
            else:
                records.write(b"".join(dumps(a) + b"\n" for a in result))
                if clusters:
                    members.extend(member_of(a) for a in result)
        if clusters:
            found = clusters_of(members, settings.cluster_window_ms)
            clusters.write_bytes(b"".join(r.dumps() + b"\n" for r in found))
    finally:
        records.flush()
        letters.flush()
        if out:
            records.close()
        if dead_letters:
            letters.close()
    sys.exit(EXIT_DEAD_LETTERS if failed else 0)


@main.command()
@click.argument("topic")
@click.option("--max", "max_messages", type=int, default=None, help="Stop after N messages.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Stop after this many seconds.")
@click.option("--idle", type=float, default=None,
              help="Stop after this many seconds without a new message.")
def consume(topic: str, max_messages: int | None, timeout: float, idle: float | None) -> None:
    """Print a topic's messages from the beginning as JSON lines (TOPIC may omit the prefix)."""
    from workers.consume import read_topic  # noqa: PLC0415
    from workers.settings import TOPIC_SUFFIXES  # noqa: PLC0415

    settings = _settings()
    name = settings.topic(topic) if topic in TOPIC_SUFFIXES else topic
    for message in read_topic(settings, _servers(settings), name, max_messages=max_messages,
                              timeout=timeout, idle=idle):
        sys.stdout.buffer.write(orjson.dumps(message.to_json()) + b"\n")
        sys.stdout.flush()


@main.command()
@click.option("--base", required=False, default=None,
              help="Reference date (ISO-8601) that relative expressions resolve against.")
@click.argument("text")
def dates(base: str | None, text: str) -> None:
    """Print the date mentions found in TEXT as JSON."""
    from workers.stages.dates import find_dates  # noqa: PLC0415

    try:
        reference = datetime.fromisoformat(base) if base else None
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO-8601 date: {base}", param_hint="--base") from exc
    mentions = find_dates(text, reference)
    click.echo(orjson.dumps(mentions, option=orjson.OPT_INDENT_2).decode())


@main.group()
def dlq() -> None:
    """Inspect and replay dead letters."""


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO-8601 time: {value}", param_hint="--since") from exc


_STALL_HELP = "Fail when the dead-letter topic gives nothing for this long before its end."


def _report_progress(read: int, total: int) -> None:
    click.echo(f"dead letters read: {read} of {total}", err=True)


def _read_letters(
    reason: str | None, since: str | None, timeout: float
) -> Iterator[DeadLetterView]:
    from workers.consume import IncompleteRead  # noqa: PLC0415
    from workers.dlq import list_dead_letters  # noqa: PLC0415

    settings = _settings()
    try:
        yield from list_dead_letters(settings, _servers(settings), reason=reason,
                                     since=_since(since), stall_timeout=timeout,
                                     on_progress=_report_progress)
    except IncompleteRead as exc:
        raise click.ClickException(str(exc)) from exc


@dlq.command("list")
@click.option("--reason", default=None, help="Only dead letters with this reason code.")
@click.option("--since", default=None, help="Only those that failed at or after this ISO time.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help=_STALL_HELP)
def dlq_list(reason: str | None, since: str | None, timeout: float) -> None:
    """List every dead letter, one JSON line each (with when a replay sent it, if one did)."""
    for letter in _read_letters(reason, since, timeout):
        click.echo(orjson.dumps(letter.to_json()).decode())


@dlq.command("replay")
@click.option("--reason", default=None, help="Only dead letters with this reason code.")
@click.option("--since", default=None, help="Only those that failed at or after this ISO time.")
@click.option("--again", is_flag=True, help="Also resend letters an earlier replay sent.")
@click.option("--dry-run", is_flag=True, help="Say what would be replayed; send nothing.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help=_STALL_HELP)
def dlq_replay(reason: str | None, since: str | None, again: bool, dry_run: bool,
               timeout: float) -> None:
    """Republish dead letters to the topics they came from, each at most once unless --again."""
    from workers.dlq import plan_replay, replay  # noqa: PLC0415

    settings = _settings()
    plan = plan_replay(_read_letters(reason, since, timeout), again=again)
    skipped = f"{len(plan.skipped)} sent by an earlier replay, skipped (--again resends them)"
    if dry_run:
        click.echo(f"would replay {len(plan.send)} dead letters; {skipped}")
    else:
        sent = replay(settings, _servers(settings), plan.send)
        click.echo(f"replayed {sent} dead letters; {skipped}")
    if plan.send:
        click.echo(plan.summary(settings))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on; any other than 127.0.0.1 exposes the pages.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option("--db", "database", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="SQLite database (default: KHABAR_DATA_DIR/explore.sqlite3).")
def explore(host: str, port: int, database: Path | None) -> None:
    """Browse what the pipeline found: pages over khabar.enriched, the clusters and the DLQ."""
    from workers.explore.server import serve  # noqa: PLC0415 - fast --help

    settings = _settings()
    path = database or settings.data_dir / "explore.sqlite3"
    click.echo(f"khabar explore on http://{host}:{port}/ (database {path}); Ctrl-C stops it")
    serve(settings, _servers(settings), path, host, port)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("demo-output.jsonl"), show_default=True)
def demo(paths: tuple[Path, ...], output: Path) -> None:
    """Broker, worker and the sample files end to end; prints a summary."""
    from workers.demo import run_demo  # noqa: PLC0415

    started = time.monotonic()
    code = run_demo(_settings(), list(paths) or [Path("seeds")], output)
    click.echo(f"demo finished in {time.monotonic() - started:.1f} s")
    sys.exit(code)
