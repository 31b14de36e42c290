"""The dates stage gives the same output whatever the machine's time zone: the whole labelled
set and a few stamps are run in a subprocess under TZ=Asia/Riyadh and TZ=Pacific/Auckland
(as dateparser's CI does) and compared with this process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = """
import hashlib, json, sys
from datetime import date
sys.path.insert(0, sys.argv[1])
from tests.eval.dates import load_cases
from workers.stages.dates import find_dates
from workers.stages.dates.published import parse_stamp
out = []
for case in load_cases():
    base = date.fromisoformat(case["base"]) if case["base"] else None
    mentions = find_dates(case["sentence"], base)
    out.append([[m.text, m.start, m.end, m.value, m.kind] for m in mentions])
stamps = ["2025-02-27@01:36:37 GMT", "20 أبريل 2025 - 11:04 مساءً"]
stamps.append("27 فبراير 2025 10:15 بتوقيت مكة")
for raw in stamps:
    stamp = parse_stamp(raw, "stamp")
    out.append([stamp.value, stamp.precision] if stamp else None)
print(hashlib.sha256(json.dumps(out, ensure_ascii=False).encode()).hexdigest())
"""


def digest(tz: str | None) -> str:
    env = dict(os.environ)
    if tz is None:
        env.pop("TZ", None)
    else:
        env["TZ"] = tz
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.strip()


@pytest.mark.parametrize("tz", ["Asia/Riyadh", "Pacific/Auckland"])
def test_output_does_not_depend_on_the_machine_time_zone(tz: str) -> None:
    assert digest(tz) == digest("UTC")
