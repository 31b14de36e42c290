"""An article's text cut into pieces for the article page: each piece knows the entity, date
and quote it belongs to, so the template can highlight them without any offsets of its own.

Every offset in a record indexes ``article_text(article)`` (headline, paragraphs, captions,
joined by newlines); the page shows those lines one block each, right-to-left or left-to-right
by the language the language stage found for that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TypeVar

from workers.record import Article, DateMention, Entity, Quote, article_text

T = TypeVar("T")
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "yi"})


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text under the same highlights. Entity mentions can nest (the demonym in
    "الخارجية الأمريكية" inside the organisation), so a piece lists every entity whose mention
    holds it, outermost first."""

    text: str
    entities: tuple[Entity, ...] = ()
    date: DateMention | None = None
    quote: Quote | None = None


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # headline, paragraph or caption
    lang: str
    dir: str
    pieces: list[Piece]


def _covering(spans: list[tuple[int, int, T]], start: int, end: int) -> T | None:
    """The innermost (shortest) span holding [start, end), or None."""
    best: tuple[int, int, T] | None = None
    for span in spans:
        if span[0] <= start and end <= span[1] and (best is None or
                                                   span[1] - span[0] < best[1] - best[0]):
            best = span
    return best[2] if best else None


def _holding(spans: list[tuple[int, int, Entity]], start: int, end: int) -> tuple[Entity, ...]:
    """Every entity whose mention holds [start, end), outermost (longest) first."""
    held = sorted((s for s in spans if s[0] <= start and end <= s[1]),
                  key=lambda s: (s[0] - s[1], s[0]))
    unique: dict[str, Entity] = {}
    for _, _, entity in held:
        unique.setdefault(entity.id, entity)
    return tuple(unique.values())


def line_language(article: Article, start: int, end: int) -> str:
    """The language of most of [start, end), from the article's language segments, else the
    article's own language."""
    share: dict[str, int] = {}
    for segment in article.segments:
        overlap = min(end, segment.end) - max(start, segment.start)
        if overlap > 0 and segment.lang != "und":
            share[segment.lang] = share.get(segment.lang, 0) + overlap
    if share:
        return max(sorted(share), key=lambda lang: share[lang])
    return article.language.code if article.language else "und"


def direction(lang: str) -> str:
    """rtl or ltr by language; an undetermined one lets the browser judge by the text."""
    if lang == "und":
        return "auto"
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def annotate(article: Article) -> list[Line]:
    text = article_text(article)
    entities = [(m.start, m.end, e) for e in article.entities for m in e.mentions]
    dates = [(d.start, d.end, d) for d in article.dates]
    quotes = [(q.start, q.end, q) for q in article.quotes]
    cuts = {0, len(text)}
    for start, end in [s[:2] for s in entities] + [s[:2] for s in dates] + \
            [s[:2] for s in quotes]:
        cuts.update((start, end))
    kinds = ["headline"] + ["paragraph"] * len(article.paragraphs) + \
        ["caption"] * len(article.captions)
    lines: list[Line] = []
    offset = 0
    for kind, line in zip(kinds, text.split("\n"), strict=True):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line:
            continue
        points = sorted({start, end, *(c for c in cuts if start < c < end)})
        pieces = [
            Piece(text[a:b], _holding(entities, a, b), _covering(dates, a, b),
                  _covering(quotes, a, b))
            for a, b in pairwise(points)
        ]
        lang = line_language(article, start, end)
        lines.append(Line(kind, lang, direction(lang), pieces))
    return lines
