"""The whole enrich stage on the seed articles: pure, deterministic, every field filled."""

from __future__ import annotations

import hashlib
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.record import Article, RawFile, Source, article_text, dumps
from workers.stages.enrich import WORDS_PER_MINUTE, enrich
from workers.stages.split import split_file

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


def split(path: Path) -> list[Article]:
    data = path.read_bytes()
    return split_file(RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name))


ARTICLES = [a for path in SEEDS for a in split(path)]
IDS = [a.article_id[-3:] + ":" + (a.file.name or "")[:3] for a in ARTICLES]


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_enrich_is_pure_and_deterministic(article: Article) -> None:
    before = dumps(article)
    first, second = enrich(article), enrich(article)
    assert dumps(article) == before
    assert dumps(first) == dumps(second)
    assert dumps(enrich(first)) == dumps(first)


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_quotes_and_mentions_index_article_text(article: Article) -> None:
    result = enrich(article)
    text = article_text(result)
    for quote in result.quotes:
        assert text[quote.start : quote.end] == quote.text
    for entity in result.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_stats_and_fingerprint_are_filled(article: Article) -> None:
    result = enrich(article)
    assert result.stats is not None
    assert result.stats.chars == len(article_text(article))
    assert result.stats.reading_seconds == math.ceil(result.stats.words * 60 / WORDS_PER_MINUTE)
    assert result.fingerprint is not None and len(result.fingerprint) == 16
    assert result.links is not None


def by_headline(start: str) -> Article:
    return enrich(next(a for a in ARTICLES if a.headline.startswith(start)))


def test_seed_000_quotes_resolve_to_antonov() -> None:
    result = by_headline("سفير روسيا في واشنطن")
    assert [q.speaker_id for q in result.quotes] == ["person:anatoly-antonov"] * 3


def test_seed_001_byline_agencies_join_the_source() -> None:
    result = by_headline("محادثات روسية أمريكية")
    assert result.source is not None
    assert result.source.names == ["الثورة نت", "وكالات"]


def test_seed_004_related_source_credits_two_outlets() -> None:
    result = by_headline("رئيس الوزراء الكندي")
    assert result.source is not None
    assert result.source.names == ["RT", "نيويورك تايمز"]
    assert {q.speaker for q in result.quotes} == {"مارك كارني"}


def test_seed_000_related_tweet_links() -> None:
    result = by_headline("كيف أقنعت تركيا")
    assert result.links is not None
    assert "pic.twitter.com/zcnpuU7YOC" in result.links.urls
    assert result.links.handles == ["@istanbulli1453"]


TOKENS = st.sampled_from(
    [
        "قال",
        "وأضاف",
        "بوتين",
        "روسيا",
        "إن",
        "«",
        "»",
        "“",
        "”",
        '"',
        "#وسم",
        "@user",
        "https://t.co/x",
        ".",
        "،",
        "said",
        "Biden",
        "ـ",
        "\u064b",
        "  ",
    ]
)


@settings(max_examples=100, deadline=3000)
@given(
    st.lists(st.lists(TOKENS, max_size=15).map(" ".join), min_size=1, max_size=4),
    st.lists(TOKENS, max_size=8).map(" ".join),
)
def test_enrich_never_fails_and_every_offset_fits(lines: list[str], keywords: str) -> None:
    base = ARTICLES[0]
    article = replace(
        base, headline=lines[0], paragraphs=lines[1:], captions=[], embeds=[], keywords_raw=keywords
    )
    result = enrich(article)
    text = article_text(result)
    assert all(text[q.start : q.end] == q.text for q in result.quotes)
    assert result.stats is not None and result.stats.chars == len(text)
    assert dumps(enrich(article)) == dumps(result)


def test_the_source_lines_outlet_says_which_kingdom() -> None:
    """The split stage's source line reaches the entity stage: a Saudi paper's "المملكة"."""
    article = replace(ARTICLES[0], headline="ارتفاع إنتاج المملكة من المياه المحلاة",
                      paragraphs=["بلغ إنتاج المملكة من المياه المحلاة مليون متر مكعب."],
                      captions=[], source=Source(raw="المصدر: صحيفة سبق", name="صحيفة سبق"))
    mentions = [(e.id, m.text) for e in enrich(article).entities for m in e.mentions]
    assert mentions.count(("country:SA", "المملكة")) == 2
    without = replace(article, source=None)
    assert [e.id for e in enrich(without).entities if e.id == "country:SA"] == []
