"""Where a real worker's time goes: py-spy samples one worker subprocess while it drains a
backlog of corpus files through the embedded broker, and the samples are grouped into the
stage code, the record JSON codec, the Faust/aiokafka/asyncio messaging machinery and the rest.

Only samples of the thread that holds the GIL are kept (``py-spy --gil``), so the shares are
shares of the one core of Python work a worker process can do, and "GIL busy" says how much of
the wall time some thread of the worker was running Python at all.

    .venv/bin/python benchmarks/profile_worker.py                 # 3,000 files, 20 s of samples
    .venv/bin/python benchmarks/profile_worker.py --quick         # 600 files, 8 s
    .venv/bin/python benchmarks/profile_worker.py --top 30        # also the 30 hottest functions
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import arguments, emit, fmt, header, table
from benchmarks.corpus import generate
from benchmarks.e2e_bench import WORKER, Workers, new_settings, publish
from workers.brokers import TansuBroker
from workers.demo import scrape, stage_counter
from workers.topics import create_topics

RATE = 200  # samples per second
# The first matching frame (innermost first) names a sample's group.
GROUPS = (
    ("split", "split_file (workers/stages/"),
    ("language", "tag_language (workers/stages/"),
    ("dates", "annotate_dates (workers/stages/"),
    ("enrich", "enrich (workers/stages/enrich/__init__.py"),
    ("story clusters", "(workers/stages/cluster/"),
    ("story clusters", "(workers/cluster_agents.py"),
    ("record JSON (pydantic, orjson)", "(workers/record.py"),
    ("metrics", "prometheus_client"),
)
MESSAGING = ("faust/", "aiokafka/", "asyncio/", "mode/", "uvloop", "concurrent/futures")


def group_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, needle in GROUPS:
            if needle in frame:
                return name
    for frame in reversed(frames):
        if any(part in frame for part in MESSAGING):
            return "messaging (Faust, aiokafka, asyncio, threads)"
    return "other"


def read_samples(path: Path) -> tuple[Counter[str], Counter[str], int]:
    """Samples per group and per innermost function, and their total, from py-spy's raw format."""
    groups: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        frames = stack.split(";")[1:]  # the first frame names the thread
        groups[group_of(frames)] += int(count)
        functions[frames[-1] if frames else "?"] += int(count)
        total += int(count)
    return groups, functions, total


def enriched(port: int) -> float:
    return stage_counter(scrape(f"http://127.0.0.1:{port}/metrics"),
                         "khabar_stage_records_out_total", "enrich")


def extra(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--files", type=int, default=None, help="files in the backlog (3000)")
    parser.add_argument("--seconds", type=float, default=None, help="sampling time (20)")
    parser.add_argument("--top", type=int, default=0, help="also list the N hottest functions")


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0], extra)
    count = args.files or (600 if args.quick else 3000)
    seconds = args.seconds or (8.0 if args.quick else 20.0)
    spy = Path(sys.executable).with_name("py-spy")
    emit(header(f"py-spy profile of one worker draining {count} corpus files, {seconds:.0f} s"))
    with tempfile.TemporaryDirectory(prefix="khabar-profile-") as tmp, \
            TansuBroker() as broker:
        folder = Path(tmp)
        settings = new_settings(broker.bootstrap_servers, "w")
        create_topics(settings, broker.bootstrap_servers)
        paths = []
        for number, item in enumerate(generate(count, args.seed)):
            path = folder / f"{number:05d}.txt"
            path.write_bytes(item.data)
            paths.append(path)
        workers = Workers(WORKER, settings, broker.bootstrap_servers, folder / "workers")
        workers.folder.mkdir()
        try:
            workers.start(1)
            publish(settings, broker.bootstrap_servers, paths)
            port = workers.ports[0]
            # Sample once the last stage is busy, so every stage is in the samples.
            deadline = time.monotonic() + 120
            while enriched(port) < 50 and time.monotonic() < deadline:
                time.sleep(0.2)
            before = enriched(port)
            raw = folder / "samples.txt"
            subprocess.run(  # our own py-spy on our own worker  # nosec B603
                [str(spy), "record", "--pid", str(workers.processes[0].pid), "--duration",
                 str(int(seconds)), "--rate", str(RATE), "--gil", "--threads", "--nonblocking",
                 "--format", "raw", "--output", str(raw)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            articles = enriched(port) - before
        finally:
            workers.stop()
        groups, functions, total = read_samples(raw)
    if not total or not articles:
        emit("no samples or no articles enriched while sampling: use more --files")
        return 1
    per_article_ms = 1000 * (total / RATE) / articles
    emit(f"articles enriched while sampling: {articles:.0f} ({articles / seconds:.1f}/s); "
         f"GIL busy {total / (RATE * seconds):.0%} of the time; "
         f"{per_article_ms:.2f} ms of Python per article")
    emit("")
    emit(table(["group", "share of Python time", "ms per article"],
               [[name, f"{n / total:.1%}", fmt(per_article_ms * n / total)]
                for name, n in groups.most_common()]))
    if args.top:
        emit("")
        emit(table(["function (innermost frame)", "share"],
                   [[name, f"{n / total:.1%}"] for name, n in functions.most_common(args.top)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
