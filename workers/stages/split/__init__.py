"""Split stage: one raw file → its clean articles (the main one and every read-also article).

Decoding lives in ``decode``, the per-line classification in ``lines``, the context rules
in ``build`` and the phrase lists in ``workers/data/split``; this module only ties them
together, numbers the articles and enforces the limits, so every rejection carries a reason.
"""

from __future__ import annotations

from workers.errors import InputRejected
from workers.record import Article, FileInfo, RawFile, article_text, make_article_id
from workers.stages.limits import DEFAULT_LIMITS, Limits
from workers.stages.split.build import Draft, build
from workers.stages.split.decode import decode


def _article(draft: Draft, raw: RawFile, file: FileInfo, position: int) -> Article:
    return Article(
        article_id=make_article_id(raw.sha256, position),
        file=file,
        position=position,
        role="main" if position == 0 else "related",
        headline=draft.headline or "",
        paragraphs=draft.paragraphs,
        captions=draft.captions,
        embeds=draft.embeds,
        related_headlines=draft.related,
        boilerplate=draft.boilerplate,
        site=draft.site,
        byline=draft.byline,
        dateline=draft.dateline,
        stamp=draft.stamp,
        source=draft.source,
        keywords_raw=draft.keywords_raw,
    )


def split_file(raw: RawFile, limits: Limits = DEFAULT_LIMITS) -> list[Article]:
    """The articles of one raw file, main first; ``InputRejected`` with a reason otherwise."""
    decoded = decode(raw.data, limits)
    lines = (line for line in decoded.text.split("\n") if line)
    drafts = build(lines)
    if not drafts:
        raise InputRejected("no headline or article text found", reason="no_articles")
    if len(drafts) > limits.max_articles_per_file:
        raise InputRejected(
            f"{len(drafts)} articles is over the limit of {limits.max_articles_per_file}",
            reason="too_many_articles",
        )
    file = FileInfo(
        sha256=raw.sha256, name=raw.name, bytes=len(raw.data), encoding=decoded.encoding
    )
    articles = [_article(draft, raw, file, position) for position, draft in enumerate(drafts)]
    for article in articles:
        if (chars := len(article_text(article))) > limits.max_article_chars:
            raise InputRejected(
                f"article {article.position} has {chars} characters, over the limit of "
                f"{limits.max_article_chars}",
                reason="article_too_long",
            )
    return articles
