"""SimHash fingerprints and the banded near-duplicate lookup."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from itertools import combinations
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.record import Article, RawFile
from workers.stages.fingerprint import (
    MAX_BAND_ENTRIES,
    band_keys,
    find_duplicate,
    hamming,
    simhash,
)
from workers.stages.pipeline import process_raw

ROOT = Path(__file__).resolve().parents[2]
SEED_001 = ROOT / "seeds" / "001_7745c1154a0ab65b.txt"
OTHER_SITE = ROOT / "tests" / "data" / "quotes" / "duplicates" / "moscow_london.txt"


def articles(path: Path) -> list[Article]:
    data = path.read_bytes()
    return process_raw(RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name))


def seed_articles() -> list[Article]:
    return [a for path in sorted((ROOT / "seeds").glob("*.txt")) for a in articles(path)]


def test_fingerprint_is_16_hex_digits_and_the_same_in_another_process() -> None:
    parts = ["عنوان الخبر", "قال لافروف إن المحادثات ستركز على السفارات"]
    code = f"from workers.stages.fingerprint import simhash;print(simhash({parts!r}))"
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


def test_the_same_article_in_two_files_is_a_duplicate() -> None:
    index: dict[str, list[str]] = {}
    seed = articles(SEED_001)
    for article in seed:
        assert article.fingerprint
        assert find_duplicate(article.fingerprint, article.article_id, index) is None
    copy = articles(OTHER_SITE)[1]
    assert copy.fingerprint
    assert find_duplicate(copy.fingerprint, copy.article_id, index) == seed[1].article_id


def test_redelivery_gives_the_same_answer_and_never_itself() -> None:
    index: dict[str, list[str]] = {}
    seed, copy = articles(SEED_001)[1], articles(OTHER_SITE)[1]
    assert seed.fingerprint and copy.fingerprint
    first = [
        find_duplicate(seed.fingerprint, seed.article_id, index),
        find_duplicate(copy.fingerprint, copy.article_id, index),
    ]
    snapshot = {key: list(value) for key, value in index.items()}
    again = [
        find_duplicate(seed.fingerprint, seed.article_id, index),
        find_duplicate(copy.fingerprint, copy.article_id, index),
    ]
    assert first == again == [None, seed.article_id]
    assert index == snapshot


def test_different_seed_articles_are_not_duplicates() -> None:
    found = seed_articles()
    for a, b in combinations(found, 2):
        assert a.fingerprint and b.fingerprint
        assert hamming(a.fingerprint, b.fingerprint) > 3, (a.article_id, b.article_id)
    index: dict[str, list[str]] = {}
    assert all(find_duplicate(a.fingerprint or "", a.article_id, index) is None for a in found)


def test_earliest_registered_match_wins() -> None:
    index: dict[str, list[str]] = {}
    fp = "0123456789abcdef"
    assert find_duplicate(fp, "first", index) is None
    assert find_duplicate("0123456789abcdee", "second", index) == "first"
    assert find_duplicate("0123456789abcdec", "third", index) == "first"


def test_band_lists_are_bounded_and_json_friendly() -> None:
    index: dict[str, list[str]] = {}
    for n in range(MAX_BAND_ENTRIES + 10):
        find_duplicate(f"ffff{n:012x}", f"a{n}", index)
    assert len(index["0:ffff"]) == MAX_BAND_ENTRIES
    assert all(isinstance(v, str) for values in index.values() for v in values)
    # an article that found the list full is still answered the same way every time
    late = f"ffff{MAX_BAND_ENTRIES + 20:012x}"
    assert find_duplicate(late, "late", index) == find_duplicate(late, "late", index)


@settings(max_examples=200, deadline=1000)
@given(st.integers(0, 2**64 - 1), st.lists(st.integers(0, 63), max_size=3, unique=True))
def test_three_flipped_bits_always_share_a_band(value: int, flips: list[int]) -> None:
    other = value
    for bit in flips:
        other ^= 1 << bit
    a, b = f"{value:016x}", f"{other:016x}"
    assert set(band_keys(a)) & set(band_keys(b))
    index: dict[str, list[str]] = {}
    find_duplicate(a, "a", index)
    assert find_duplicate(b, "b", index) == "a"


FINGERPRINTS = st.sampled_from(
    [
        "0000000000000000",
        "0000000000000001",
        "0000000000000003",
        "ffff000000000000",
        "ffff00000000000f",
        "123456789abcdef0",
        "fedcba9876543210",
    ]
)


@settings(max_examples=150, deadline=2000)
@given(st.lists(st.tuples(FINGERPRINTS, st.sampled_from("abcdef")), min_size=1, max_size=25))
def test_replaying_any_earlier_call_gives_the_same_answer(calls: list[tuple[str, str]]) -> None:
    index: dict[str, list[str]] = {}
    first: dict[tuple[str, str], str | None] = {}
    for fingerprint, article_id in calls:
        answer = find_duplicate(fingerprint, article_id, index)
        assert answer != article_id
        first.setdefault((fingerprint, article_id), answer)
    for (fingerprint, article_id), answer in first.items():
        assert find_duplicate(fingerprint, article_id, index) == answer
