"""Dates stage: the publication date of each article and every date mentioned in its text.

Pure: no clock, no I/O beyond the data files read once. Every relative expression is resolved
against the article's *own* publication date (``published_at``), so a related article never
borrows the main article's date; with none, only self-contained dates are kept (see
:mod:`dates.extract`). Rules and measurements: ``docs/dates.md``.
"""

from __future__ import annotations

from dataclasses import replace

from workers.record import Article, article_text
from workers.stages.dates.extract import find_dates
from workers.stages.dates.published import base_of, parse_stamp, publication

__all__ = ["annotate_dates", "find_dates"]


def annotate_dates(article: Article) -> Article:
    published = publication(article)
    related = [
        replace(item, published_at=parse_stamp(item.stamp, "stamp") if item.stamp else None)
        for item in article.related_headlines
    ]
    return replace(
        article,
        published_at=published,
        dates=find_dates(article_text(article), base_of(published)),
        related_headlines=related,
    )
