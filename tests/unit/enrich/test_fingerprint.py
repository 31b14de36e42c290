"""SimHash fingerprints: stable across processes, and near for the same story on two sites."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from itertools import combinations
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.record import Article, RawFile
from workers.stages.cluster import Member, cluster_articles
from workers.stages.cluster.bands import band_keys
from workers.stages.cluster.member import MAX_DISTANCE, hamming
from workers.stages.enrich.fingerprint import simhash
from workers.stages.pipeline import process_raw

ROOT = Path(__file__).resolve().parents[3]
SEED_001 = ROOT / "seeds" / "001_7745c1154a0ab65b.txt"
OTHER_SITE = ROOT / "tests" / "data" / "quotes" / "duplicates" / "moscow_london.txt"


def articles(path: Path) -> list[Article]:
    data = path.read_bytes()
    return process_raw(RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name))


def seed_articles() -> list[Article]:
    return [a for path in sorted((ROOT / "seeds").glob("*.txt")) for a in articles(path)]


def test_fingerprint_is_16_hex_digits_and_the_same_in_another_process() -> None:
    parts = ["عنوان الخبر", "قال لافروف إن المحادثات ستركز على السفارات"]
    code = f"from workers.stages.enrich.fingerprint import simhash;print(simhash({parts!r}))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    ).stdout.strip()
    assert other == simhash(parts)
    assert len(other) == 16 and int(other, 16) >= 0


def test_diacritics_do_not_change_the_fingerprint() -> None:
    assert simhash(["وقال لافروف إنّ المحادثات ستركّز"]) == simhash(
        ["وقال لافروف إن المحادثات ستركز"]
    )


def members(found: list[Article]) -> list[Member]:
    return [Member(a.article_id, a.fingerprint or "", None) for a in found]


def test_the_same_article_on_another_site_joins_its_cluster() -> None:
    seed, copy = articles(SEED_001), articles(OTHER_SITE)[1]
    assert copy.fingerprint and seed[1].fingerprint
    assert hamming(copy.fingerprint, seed[1].fingerprint) <= MAX_DISTANCE
    records = cluster_articles(members([*seed, copy]))
    canonical = min(seed[1].article_id, copy.article_id)  # no Kafka timestamps: id decides
    assert records[copy.article_id].cluster_id == records[seed[1].article_id].cluster_id
    assert records[copy.article_id].cluster_id == canonical
    assert records[seed[0].article_id].cluster_id == seed[0].article_id


def test_different_seed_articles_are_not_near_duplicates() -> None:
    found = seed_articles()
    for a, b in combinations(found, 2):
        assert a.fingerprint and b.fingerprint
        assert hamming(a.fingerprint, b.fingerprint) > MAX_DISTANCE, (a.article_id, b.article_id)
    records = cluster_articles(members(found))
    assert all(key == record.cluster_id for key, record in records.items())


@settings(max_examples=200, deadline=1000)
@given(st.integers(0, 2**64 - 1), st.lists(st.integers(0, 63), max_size=3, unique=True))
def test_three_flipped_bits_always_share_a_band(value: int, flips: list[int]) -> None:
    other = value
    for bit in flips:
        other ^= 1 << bit
    a, b = f"{value:016x}", f"{other:016x}"
    assert set(band_keys(a)) & set(band_keys(b))
    if value and other:  # the empty fingerprint is near nothing
        records = cluster_articles([Member("a", a), Member("b", b)])
        assert records["b"].cluster_id == "a"
