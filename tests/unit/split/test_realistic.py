"""The realistic inputs in tests/data/split give the hand-written summaries in expected.toml."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

import pytest

from workers.errors import InputRejected
from workers.record import Article, RawFile
from workers.stages.split import split_file

DATA = Path(__file__).resolve().parents[2] / "data" / "split"
CASES: list[dict[str, Any]] = tomllib.loads((DATA / "expected.toml").read_text("utf-8"))["file"]


def _split(name: str) -> list[Article]:
    data = (DATA / name).read_bytes()
    return split_file(RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=name))


def _summary(article: Article, keys: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "headline": article.headline,
        "paragraphs": len(article.paragraphs),
        "first": article.paragraphs[0][:40] if article.paragraphs else None,
        "last": article.paragraphs[-1][-40:] if article.paragraphs else None,
        "site": article.site,
        "byline": article.byline,
        "dateline": article.dateline,
        "stamp": article.stamp,
        "source": article.source.name if article.source else None,
        "keywords_raw": article.keywords_raw,
        "captions": len(article.captions),
        "embeds": [embed.handle for embed in article.embeds],
        "related": [item.headline for item in article.related_headlines],
        "related_stamps": [item.stamp for item in article.related_headlines],
        "boilerplate": article.boilerplate,
    }
    return {key: values[key] for key in keys}


def test_there_are_at_least_fifteen_realistic_inputs() -> None:
    assert len(CASES) >= 15
    assert all((DATA / case["name"]).exists() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_article_count_and_encoding(case: dict[str, Any]) -> None:
    if "reason" in case:
        with pytest.raises(InputRejected) as caught:
            _split(case["name"])
        assert caught.value.reason == case["reason"]
        return
    articles = _split(case["name"])
    assert len(articles) == len(case["article"])
    assert {article.file.encoding for article in articles} == {case["encoding"]}


@pytest.mark.parametrize(
    "case", [c for c in CASES if "article" in c], ids=[c["name"] for c in CASES if "article" in c]
)
def test_article_fields(case: dict[str, Any]) -> None:
    articles = _split(case["name"])
    for article, expected in zip(articles, case["article"], strict=True):
        actual = _summary(article, sorted(expected))
        if "first" in expected:
            actual["first"] = (article.paragraphs[0] if article.paragraphs else "")[
                : len(expected["first"])
            ]
        if "last" in expected:
            actual["last"] = (article.paragraphs[-1] if article.paragraphs else "")[
                -len(expected["last"]) :
            ]
        assert actual == expected, article.headline
