"""`khabar process` as a user runs it: JSON lines out, dead letters apart, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from tests.conftest import ROOT, SEEDS, validator


def khabar(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "workers", *args], capture_output=True,
                          cwd=ROOT, timeout=120, check=False)


def test_process_seeds_gives_valid_records_and_exit_zero() -> None:
    result = khabar("process", "seeds")
    assert result.returncode == 0, result.stderr.decode()
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 9
    assert {r["file"]["name"] for r in records} == {p.name for p in SEEDS}
    for record in records:
        assert not list(validator("enriched").iter_errors(record)), record["article_id"]


def test_process_is_deterministic() -> None:
    assert khabar("process", "seeds").stdout == khabar("process", "seeds").stdout


def test_dead_letters_go_to_their_own_stream_and_exit_three(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.touch()
    letters = tmp_path / "dlq.jsonl"
    result = khabar("process", str(SEEDS[0]), str(empty), "--dead-letters", str(letters))
    assert result.returncode == 3
    assert len(result.stdout.splitlines()) == 2  # the seed's two articles still come out
    (letter,) = [orjson.loads(line) for line in letters.read_bytes().splitlines()]
    assert letter["file"] == str(empty)
    assert letter["reason"] == "empty"


def test_usage_error_exits_two() -> None:
    assert khabar("process").returncode == 2
