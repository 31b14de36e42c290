"""Enrich stage (walking-skeleton version): source line, keywords and stats."""

from __future__ import annotations

from dataclasses import replace

from workers.record import Article, Stats, article_text


def enrich(article: Article) -> Article:
    text = article_text(article)
    words = len(text.split())
    return replace(
        article,
        keywords=article.keywords_raw.split() if article.keywords_raw else [],
        stats=Stats(words=words, chars=len(text), reading_seconds=round(words / 200 * 60)),
    )
