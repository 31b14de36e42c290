"""Big and hostile inputs finish with records or a reason (their speed is in benchmarks/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workers.errors import InputRejected
from workers.record import RawFile
from workers.stages.limits import DEFAULT_LIMITS, Limits
from workers.stages.split import split_file

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[3]
ROOMY = Limits(max_file_bytes=11 * MB, max_articles_per_file=10**6, max_article_chars=10**8)
# Fragments that make a backtracking regex explode: open parentheses, dashes before a handle,
# digits before a month, labels and markers without end, colons, bullets.
HOSTILE = "((((( ----- — x (@a Dec 1, 1 20 أبريل 2025 - 11: أخبار قد تهمك إقرأ أيضاً المصدر :: • "


def _ten_mb(unit: bytes, newline: bytes = b"") -> bytes:
    return ((unit + newline) * (10 * MB // (len(unit) + len(newline)) + 1))[: 10 * MB]


def test_ten_megabyte_single_hostile_line() -> None:
    articles = split_file(RawFile(data=_ten_mb(HOSTILE.encode()), sha256="0" * 64), ROOMY)
    assert len(articles) == 1
    assert len(articles[0].headline) > 4 * MB


def test_ten_megabytes_of_seed_files() -> None:
    seeds = b"\n".join(path.read_bytes() for path in sorted((ROOT / "seeds").glob("*.txt")))
    articles = split_file(RawFile(data=_ten_mb(seeds + b"\n"), sha256="0" * 64), ROOMY)
    assert len(articles) > 1000


def test_ten_megabytes_over_the_default_limit_is_too_large() -> None:
    with pytest.raises(InputRejected) as caught:
        split_file(RawFile(data=_ten_mb(b"x", b"\n"), sha256="0" * 64), DEFAULT_LIMITS)
    assert caught.value.reason == "too_large"


def test_utf8_cut_inside_the_last_character_is_still_utf8() -> None:
    data = "عنوان\nنص الخبر الكامل هنا".encode()[:-1]
    articles = split_file(RawFile(data=data, sha256="0" * 64))
    assert articles[0].file.encoding == "utf-8"
    assert articles[0].paragraphs == ["نص الخبر الكامل هن\ufffd"]
