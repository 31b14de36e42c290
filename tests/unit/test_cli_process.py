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


def test_clusters_option_writes_one_valid_record_per_article(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEEDS[4].read_bytes() + "\nتحديث\n".encode())
    clusters = tmp_path / "clusters.jsonl"
    result = khabar("process", "seeds", str(copy), "--clusters", str(clusters))
    assert result.returncode == 0, result.stderr.decode()
    articles = [orjson.loads(line) for line in result.stdout.splitlines()]
    records = [orjson.loads(line) for line in clusters.read_bytes().splitlines()]
    assert [r["article_id"] for r in records] == sorted(a["article_id"] for a in articles)
    for record in records:
        assert not list(validator("clusters").iter_errors(record)), record["article_id"]
    by_id = {r["article_id"]: r for r in records}
    seed = {a["position"]: a["article_id"] for a in articles if a["file"]["name"] == SEEDS[4].name}
    for article in (a for a in articles if a["file"]["name"] == "copy.txt"):
        pair = sorted([article["article_id"], seed[article["position"]]])  # no timestamps: id
        assert by_id[article["article_id"]]["cluster_id"] == pair[0]
        assert by_id[pair[0]]["cluster"]["size"] == 2
    assert sum(1 for r in records if r["canonical"]) == 9  # the seeds' nine stories


def test_usage_error_exits_two() -> None:
    assert khabar("process").returncode == 2


def test_dates_command_prints_mentions_as_json() -> None:
    text = "عقدت في الـ18 من فبراير الجاري مباحثات، وقال لافروف امس إن اللقاء الخميس المقبل"
    result = khabar("dates", "--base", "2025-02-27", text)
    assert result.returncode == 0, result.stderr.decode()
    mentions = orjson.loads(result.stdout)
    assert [(m["text"], m["value"], m["kind"]) for m in mentions] == [
        ("الـ18 من فبراير الجاري", "2025-02-18", "partial"),
        ("امس", "2025-02-26", "relative"),
        ("الخميس المقبل", "2025-03-06", "relative"),
    ]
    for mention in mentions:
        assert text[mention["start"]:mention["end"]] == mention["text"]


def test_dates_command_refuses_a_bad_base() -> None:
    result = khabar("dates", "--base", "yesterday-ish", "اليوم")
    assert result.returncode == 2
    assert b"not an ISO-8601 date" in result.stderr
