"""The article page's pieces: together they are the text, and each highlight sits exactly on
the span the record gives."""

from __future__ import annotations

from dataclasses import replace

from workers.explore.annotate import annotate
from workers.record import Article, Segment, article_text


def test_the_pieces_are_the_text_line_by_line(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        lines = annotate(article)
        text = article_text(article)
        assert ["".join(p.text for p in line.pieces) for line in lines] == \
            [line for line in text.split("\n") if line]
        assert lines[0].kind == "headline"


def test_every_mention_date_and_quote_is_highlighted_where_the_record_puts_it(
    seed_articles: list[Article],
) -> None:
    highlighted = {"entity": 0, "date": 0, "quote": 0}
    for article in seed_articles:
        text = article_text(article)
        offset = 0
        covered: dict[str, list[tuple[int, int, object]]] = {k: [] for k in highlighted}
        for line in annotate(article):
            start = text.index("".join(p.text for p in line.pieces), offset)
            for piece in line.pieces:
                end = start + len(piece.text)
                for entity in piece.entities:
                    covered["entity"].append((start, end, entity))
                for kind in ("date", "quote"):
                    if getattr(piece, kind) is not None:
                        covered[kind].append((start, end, getattr(piece, kind)))
                start = end
            offset = start
        for entity in article.entities:
            for mention in entity.mentions:
                pieces = [(a, b) for a, b, e in covered["entity"] if e.id == entity.id
                          and mention.start <= a < mention.end]
                assert pieces, (entity.name, mention)
                assert text[pieces[0][0]:pieces[-1][1]] == text[mention.start:mention.end]
                highlighted["entity"] += 1
        for date in article.dates:
            assert any(d is date for _, _, d in covered["date"]), date
            highlighted["date"] += 1
        for quote in article.quotes:
            assert any(q is quote for _, _, q in covered["quote"]), quote
            highlighted["quote"] += 1
    assert all(highlighted.values()), highlighted  # the seeds have all three


def test_arabic_lines_are_right_to_left_and_an_english_caption_left_to_right(
    seed_articles: list[Article],
) -> None:
    article = seed_articles[0]
    caption = "Rescue workers search the rubble after the strike"
    text = article_text(article)
    start = len(text) + 1
    with_caption = replace(
        article, captions=[*article.captions, caption],
        segments=[*article.segments, Segment(start, start + len(caption), "en", 0.99)],
    )
    lines = annotate(with_caption)
    assert lines[0].dir == "rtl" and lines[0].lang == "ar"
    assert (lines[-1].kind, lines[-1].dir, lines[-1].lang) == ("caption", "ltr", "en")
