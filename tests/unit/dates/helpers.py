"""Builders shared by the dates tests: Article records made by hand, no split stage involved."""

from __future__ import annotations

from workers.record import Article, FileInfo, RelatedHeadline, make_article_id

SHA = "0" * 64


def make_article(
    headline: str,
    paragraphs: list[str] | None = None,
    *,
    dateline: str | None = None,
    stamp: str | None = None,
    captions: list[str] | None = None,
    related: list[tuple[str, str | None]] | None = None,
    position: int = 0,
) -> Article:
    return Article(
        article_id=make_article_id(SHA, position),
        file=FileInfo(sha256=SHA, name="test.txt", bytes=0, encoding="utf-8"),
        position=position,
        role="main" if position == 0 else "related",
        headline=headline,
        paragraphs=paragraphs or [],
        captions=captions or [],
        dateline=dateline,
        stamp=stamp,
        related_headlines=[RelatedHeadline(headline=h, stamp=s) for h, s in related or []],
    )
