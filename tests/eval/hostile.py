"""Print the hostile-input table for docs/reliability.md: what each case yields in-process."""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.hostile_cases import CASES
from workers.errors import KhabarError, reason_of
from workers.record import RawFile
from workers.stages.pipeline import process_raw


def outcome(data: bytes) -> str:
    raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name="case")
    try:
        articles = process_raw(raw)
    except KhabarError as exc:
        return f"dead letter `{reason_of(exc)}`"
    return f"{len(articles)} article{'s' if len(articles) != 1 else ''}"


def main() -> None:
    print("| # | input | size | result | seconds |")
    print("|---|---|---:|---|---:|")
    for number, case in enumerate(CASES, 1):
        data = case.make()
        started = time.perf_counter()
        result = outcome(data)
        seconds = time.perf_counter() - started
        print(f"| {number} | {case.name} | {len(data):,} B | {result} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
