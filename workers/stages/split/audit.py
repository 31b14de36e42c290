"""Every piece of text an article holds, for the "nothing is lost" audit.

The split stage moves each line (or each fragment of a glued line) of the input to exactly one
place in exactly one article; this lists those places so a test or an operator can put the
input back together and compare.
"""

from __future__ import annotations

from workers.record import Article


def article_pieces(article: Article) -> list[str]:
    """The texts of every field the split stage fills, in field order."""
    pieces = [article.headline, *article.paragraphs, *article.captions]
    pieces += [embed.raw for embed in article.embeds]
    for related in article.related_headlines:
        pieces.append(related.headline)
        if related.stamp is not None:
            pieces.append(related.stamp)
    pieces += article.boilerplate
    for value in (article.site, article.byline, article.dateline, article.stamp):
        if value is not None:
            pieces.append(value)
    if article.source is not None:
        pieces.append(article.source.raw)
    if article.keywords_raw is not None:
        pieces.append(article.keywords_raw)
    return pieces
