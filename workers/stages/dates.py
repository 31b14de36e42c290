"""Dates stage (walking-skeleton version): the publication date from the dateline only."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from workers.record import Article, PublishedAt

_DATELINE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?,\s*([A-Za-z]+)\s+(\d{4})")


def annotate_dates(article: Article) -> Article:
    if not article.dateline or not (match := _DATELINE.search(article.dateline)):
        return article
    day, month, year = match.groups()
    parsed = datetime.strptime(f"{day} {month} {year}", "%d %B %Y")  # noqa: DTZ007
    published = PublishedAt(
        value=parsed.date().isoformat(), precision="day", raw=article.dateline, origin="dateline"
    )
    return replace(article, published_at=published)
