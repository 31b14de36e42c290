"""Metrics, lag and health against real workers and a real Prometheus server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaProducer

from tests.conftest import SEEDS, Pipeline, http_status, scaled, wait_for
from workers.brokers.process import free_port
from workers.demo import scrape

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "khabar.json"


def metric_sum(url: str, name: str) -> float:
    return sum(v for (n, _), v in scrape(url).items() if n == name)


def backlog(count: int) -> list[bytes]:
    """Distinct files built from the seeds, so each one yields its own articles."""
    files = []
    for i in range(count):
        seed = SEEDS[i % len(SEEDS)].read_bytes()
        files.append(seed + f"\nنسخة رقم {i} من الملف للاختبار.\n".encode())
    return files


def test_lag_rises_with_a_backlog_then_returns_to_zero(pipeline: Pipeline) -> None:
    producer = KafkaProducer(bootstrap_servers=pipeline.servers, linger_ms=20)
    for data in backlog(400):  # published while no worker runs
        producer.send(pipeline.topic("raw"), value=data)
    producer.flush()
    producer.close()

    port = pipeline.start_worker(ready=False)
    url = f"http://127.0.0.1:{port}/metrics"
    peak_messages = peak_seconds = 0.0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            messages = metric_sum(url, "khabar_consumer_lag_messages")
            seconds = metric_sum(url, "khabar_consumer_lag_seconds")
            done = metric_sum(url, "khabar_stage_messages_in_total")
        except OSError:
            time.sleep(0.1)
            continue
        peak_messages = max(peak_messages, messages)
        peak_seconds = max(peak_seconds, seconds)
        if peak_messages > 0 and done > 400 and messages == 0 and seconds == 0:
            break
        time.sleep(0.1)
    assert peak_messages > 0, "lag in messages never rose above zero"
    assert peak_seconds > 0, "lag in seconds never rose above zero"
    assert metric_sum(url, "khabar_consumer_lag_messages") == 0
    assert metric_sum(url, "khabar_consumer_lag_seconds") == 0
    assert metric_sum(url, "khabar_stage_messages_in_total") > 400


def test_a_stalled_worker_fails_livez(pipeline: Pipeline) -> None:
    port = pipeline.start_worker(
        {"KHABAR_DEBUG_STALL_MARKER": "STALL-HERE", "KHABAR_STALL_SECONDS": "3"}
    )
    livez = f"http://127.0.0.1:{port}/livez"
    assert http_status(livez) == 200
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    # Same key: both land on one partition, the second waits behind the stuck first.
    producer.send(pipeline.topic("raw"), key=b"k", value=b"STALL-HERE " + SEEDS[0].read_bytes())
    producer.send(pipeline.topic("raw"), key=b"k", value=SEEDS[1].read_bytes())
    producer.close()
    wait_for(lambda: http_status(livez) == 503, 30, "/livez to report the stall")
    assert http_status(f"http://127.0.0.1:{port}/readyz") == 200  # still connected


def wait_until_quiet(url: str, seconds: float, timeout: float) -> None:
    """Until the worker at ``url`` has had no lag for ``seconds`` in a row (every hop done)."""
    quiet_since: float | None = None

    def quiet() -> bool:
        nonlocal quiet_since
        try:
            lag = metric_sum(url, "khabar_consumer_lag_messages")
            done = metric_sum(url, "khabar_stage_messages_in_total")
        except OSError:
            return False
        now = time.monotonic()
        if lag or not done:
            quiet_since = None
            return False
        quiet_since = quiet_since or now
        return now - quiet_since >= seconds

    wait_for(quiet, timeout, f"no lag for {seconds:.0f} s in a row")


def test_a_new_owner_of_caught_up_partitions_reports_no_lag_and_stays_live(
    pipeline: Pipeline,
) -> None:
    """After a restart (or a rollout, a scale-out, a node drain) the new owner of partitions
    the group has already processed has nothing to read: no lag, and ``/livez`` up for longer
    than the stall limit. It used to count each partition's end offset as pending until a new
    message arrived, and fail ``/livez`` after the stall limit."""
    first = pipeline.start_worker()
    result = pipeline.publish(*SEEDS)
    assert result.returncode == 0, result.stderr
    wait_until_quiet(f"http://127.0.0.1:{first}/metrics", 3, scaled(len(SEEDS), 2))
    pipeline.stop_workers()  # SIGTERM: Faust commits what was done before it exits

    stall = 4
    port = pipeline.start_worker({"KHABAR_STALL_SECONDS": str(stall)})
    base = f"http://127.0.0.1:{port}"
    assert metric_sum(f"{base}/metrics", "khabar_assigned_partitions") > 0
    assert http_status(f"{base}/startupz") == 200
    deadline = time.monotonic() + 3 * stall
    samples = 0
    while time.monotonic() < deadline:
        lag = metric_sum(f"{base}/metrics", "khabar_consumer_lag_messages")
        assert lag == 0, f"{lag} messages of lag on partitions with nothing left to read"
        assert http_status(f"{base}/livez") == 200
        samples += 1
        time.sleep(0.5)
    assert samples >= 2 * stall
    # The worker still reads: a new file is processed and the lag returns to zero.
    result = pipeline.publish(SEEDS[0])
    assert result.returncode == 0, result.stderr
    wait_until_quiet(f"{base}/metrics", 1, scaled(1, 2))


def test_json_logs_from_a_worker_are_one_object_per_line_without_escape_codes(
    pipeline: Pipeline,
) -> None:
    """What a log pipeline reads from a worker's stdout/stderr (a file here, not a terminal):
    JSON objects only, and no terminal codes (Faust's spinner wrote ESC[?25h at shutdown)."""
    pipeline.start_worker({"KHABAR_LOG_FORMAT": "json"})
    result = pipeline.publish(SEEDS[0])
    assert result.returncode == 0, result.stderr
    pipeline.read("enriched", count=1)
    pipeline.stop_workers()
    log = pipeline.workers[0][2].read_bytes()
    assert b"\x1b" not in log
    records = [json.loads(line) for line in log.decode().splitlines() if line.strip()]
    assert records, "the worker logged nothing"
    for record in records:
        assert {"time", "level", "logger", "message"} <= set(record), record
    assert any(r["message"].startswith("assigned ") for r in records)


@pytest.fixture
def prometheus(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    binary = shutil.which("prometheus")
    assert binary, "the prometheus Debian package is required (make test installs it)"
    port = free_port()
    config = tmp_path / "prometheus.yml"
    process = None

    def start(targets: list[str]) -> str:
        nonlocal process
        config.write_text(json.dumps({
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "scrape_configs": [{"job_name": "khabar", "static_configs": [{"targets": targets}]}],
        }))
        process = subprocess.Popen(
            [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=(tmp_path / "prometheus.log").open("wb"),
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: http_status(f"{base}/-/ready") == 200, 30, "prometheus to be ready")
        return base

    yield start, tmp_path  # type: ignore[misc]
    if process is not None:
        process.terminate()
        process.wait(20)


def query(base: str, expr: str) -> dict:  # type: ignore[type-arg]
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        return json.loads(response.read())  # type: ignore[no-any-return]


def test_every_dashboard_panel_returns_data_from_real_prometheus(
    pipeline: Pipeline, prometheus, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from tests.deploy.dashboard import panel_queries

    start, _ = prometheus
    worker_port = pipeline.start_worker()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    publisher_port = free_port()
    publisher = subprocess.Popen(
        [sys.executable, "-m", "workers", "publish", "--watch", str(inbox), "--interval", "0.2",
         "--metrics-port", str(publisher_port)],
        env=pipeline.env | {"KHABAR_WEB_HOST": "127.0.0.1"}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=(tmp_path / "publisher.log").open("wb"),
    )
    try:
        wait_for(lambda: http_status(f"http://127.0.0.1:{publisher_port}/metrics") == 200, 30,
                 "the publisher's metrics")
        base = start([f"127.0.0.1:{worker_port}", f"127.0.0.1:{publisher_port}"])
        # Two rounds a few seconds apart so rate() windows see increases.
        for round_ in range(2):
            for seed in SEEDS:
                (inbox / f"{round_}-{seed.name}").write_bytes(
                    seed.read_bytes() + f"\nجولة {round_}\n".encode())
            (inbox / f"{round_}-blank.txt").write_bytes(b"   \n")  # dead letter
            (inbox / f"{round_}-empty.txt").write_bytes(b"")  # refused by the publisher
            (inbox / f"{round_}-big.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
            time.sleep(3)
        worker_metrics = f"http://127.0.0.1:{worker_port}/metrics"
        wait_for(lambda: metric_sum(worker_metrics, "khabar_stage_records_out_total") >= 4 * 18,
                 60, "the worker to process both rounds")
        time.sleep(3)  # a few more scrapes after the last message

        queries = panel_queries(DASHBOARD)
        assert queries, "the dashboard has no panels"
        empty = []
        for title, expr in queries:
            answer = query(base, expr)
            assert answer["status"] == "success", (title, expr, answer)
            if not answer["data"]["result"]:
                empty.append((title, expr))
        assert not empty, f"panels without data: {empty}"
    finally:
        publisher.terminate()
        publisher.wait(20)


def test_scraped_metrics_pass_promtool_check(pipeline: Pipeline) -> None:
    promtool = shutil.which("promtool")
    assert promtool, "the prometheus Debian package is required (make test installs it)"
    port = pipeline.start_worker()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read()
    result = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                            timeout=30, check=False)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()

