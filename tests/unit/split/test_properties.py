"""Properties of the split stage over generated files (hypothesis), not only examples.

Files are built from real lines (the seeds and the realistic inputs), the tricky lines of the
line table, and arbitrary text, so the generator reaches every rule and what no rule expects.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.errors import InputRejected
from workers.record import Article, RawFile, dumps, to_dict
from workers.stages.limits import DEFAULT_LIMITS
from workers.stages.split import split_file
from workers.stages.split.audit import article_pieces
from workers.stages.split.decode import decode

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "split"
SEED_LINES = sorted(
    {
        line.strip()
        for path in (ROOT / "seeds").glob("*.txt")
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    }
)
TABLE_LINES = sorted(
    case["text"] for case in tomllib.loads((DATA / "lines.toml").read_text("utf-8"))["line"]
)
EXTRA_LINES = [
    "",
    " ",
    "•",
    "أخبار قد تهمك",
    "مقالات مشابهة",
    "اقرأ أيضاً: عنوان",
    "الثورة نت:",
    "Related:",
    "20 أبريل 2025 - 11:04 مساءً",
    "أخبار ذات صلة20 أبريل 2025 - 11:04 مساءً",
]
LABELS = ["أخبار قد تهمك", "أخبار ذات صلة", "إقرأ أيضاً", "Related", "كلمات دلالية", "المصدر"]
STAMPS = ["20 أبريل 2025 - 11:04 مساءً", "2025-02-27@01:36:37 GMT", "March 5, 2025"]
# Every kind of line a newsroom file holds, all encodable in cp1256.
REAL_LINE = st.sampled_from(SEED_LINES + TABLE_LINES + EXTRA_LINES)
# What pages glue together: a label, a separator, headlines and stamps, then anything.
GLUED_LINE = st.builds(
    lambda label, sep, parts, tail: label + sep + " ".join(parts) + tail,
    st.sampled_from(LABELS),
    st.sampled_from(["", " ", ":", " : "]),
    st.lists(st.sampled_from([*STAMPS, "عنوان قصير", "Short headline"]), max_size=5),
    st.one_of(REAL_LINE, st.text(max_size=30)),
)
ANY_LINE = st.one_of(REAL_LINE, GLUED_LINE, st.text(max_size=80))
SETTINGS = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
# Dropped only as formatting: the colon after a site name, the glyph of a listed headline.
FORMATTING = set(":•·▪◾►●■◆✓*-")


def _raw(data: bytes) -> RawFile:
    return RawFile(data=data, sha256="a" * 64, name="generated.txt")


def _split_or_none(data: bytes) -> list[Article] | None:
    try:
        return split_file(_raw(data))
    except InputRejected:
        return None


def _assert_nothing_lost(data: bytes, articles: list[Article]) -> None:
    lines = [line for line in decode(data, DEFAULT_LIMITS).text.split("\n") if line]
    pieces = [piece for article in articles for piece in article_pieces(article)]
    for piece in pieces:
        assert any(piece in line for line in lines), piece
    have = Counter("".join(pieces).replace(" ", ""))
    want = Counter("".join(lines).replace(" ", ""))
    assert not have - want, "text appeared that is not in the input"
    missing = want - have
    assert set(missing) <= FORMATTING, missing
    assert sum(missing.values()) <= len(lines)


@SETTINGS
@given(st.lists(ANY_LINE, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_nothing_is_lost(lines: list[str], newline: str) -> None:
    data = newline.join(lines).encode("utf-8")
    if (articles := _split_or_none(data)) is not None:
        _assert_nothing_lost(data, articles)


@SETTINGS
@given(st.lists(ANY_LINE, max_size=40))
def test_same_bytes_give_byte_identical_records(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8")
    first, second = _split_or_none(data), _split_or_none(data)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert [dumps(a) for a in first] == [dumps(a) for a in second]


@SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_give_records_or_a_reason(data: bytes) -> None:
    try:
        articles = split_file(_raw(data))
    except InputRejected as exc:
        assert exc.reason in {"empty", "whitespace_only", "binary", "undecodable", "no_articles"}
    else:
        assert articles and articles[0].role == "main"


def _comparable(article: Article) -> dict[str, object]:
    record = to_dict(article)
    del record["file"], record["article_id"]
    return record


@settings(max_examples=120, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(REAL_LINE, min_size=1, max_size=30))
def test_utf8_utf16_and_cp1256_give_the_same_articles(lines: list[str]) -> None:
    text = "\n".join(lines)
    variants = [text.encode("utf-8"), text.encode("utf-16"), text.encode("cp1256")]
    results = [_split_or_none(data) for data in variants]
    if results[0] is None:
        assert results == [None, None, None]
        return
    expected = [_comparable(a) for a in results[0]]
    for result in results[1:]:
        assert result is not None
        assert [_comparable(a) for a in result] == expected


@settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.one_of(REAL_LINE, GLUED_LINE), st.integers(min_value=1, max_value=3000)),
        min_size=1,
        max_size=4,
    )
)
def test_very_long_lines_lose_nothing(parts: list[tuple[str, int]]) -> None:
    data = "\n".join(" ".join([line] * times) for line, times in parts).encode("utf-8")
    if (articles := _split_or_none(data)) is not None:
        _assert_nothing_lost(data, articles)
