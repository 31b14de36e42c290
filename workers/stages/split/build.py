"""Pieces in reading order → article drafts, deciding by context what each piece becomes.

A small state machine per article: before the headline (a short ``name:`` line there is the
site), the header (after the headline, before the first paragraph: a repeated headline is
boilerplate, a short agency line is the byline), and the body. A list label switches to list
mode, where bullets and short lines are listed headlines until a line reads like a paragraph.
A read-also marker starts a new draft; drafts without a headline, or with nothing but a
headline, are folded into the article before them so no text is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from workers.record import Embed, RelatedHeadline, Source
from workers.stages.split.lines import Kind, Piece, listed, split_line
from workers.stages.split.patterns import fold, patterns

_MAX_BYLINE_CHARS = 80
_MAX_BYLINE_WORDS = 8
_MAX_SITE_CHARS = 40
_MAX_LISTED_WORDS = 20

Zone = Literal["pre", "header", "body"]


@dataclass(slots=True)
class Draft:
    headline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    related: list[RelatedHeadline] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    site: str | None = None
    byline: str | None = None
    dateline: str | None = None
    stamp: str | None = None
    source: Source | None = None
    keywords_raw: str | None = None
    after_marker: bool = False
    headline_key: str = ""  # fold(headline), computed once
    zone: Zone = "pre"
    in_list: bool = False
    last_was_paragraph: bool = False


def _is_latin(text: str) -> bool:
    pats = patterns()
    return len(pats.latin_letter.findall(text)) > 2 * len(pats.arabic_letter.findall(text))


def _is_byline(text: str) -> bool:
    if len(text) > _MAX_BYLINE_CHARS or len(text.split()) > _MAX_BYLINE_WORDS:
        return False
    if text.endswith("."):
        return False
    pats = patterns()
    return bool(
        pats.byline_word.search(text) or pats.byline_prefix.match(text) or text.count("/") >= 2
    )


def _reads_like_listed(text: str) -> bool:
    if len(text.split()) > _MAX_LISTED_WORDS:
        return False
    return not text.endswith(".") or text.endswith("..")


def _set_once(draft: Draft, name: str, value: object, raw: str) -> None:
    """The first occurrence fills the field; a repeat is kept for audit as boilerplate."""
    if getattr(draft, name) is None:
        setattr(draft, name, value)
    else:
        draft.boilerplate.append(raw)


def _caption(draft: Draft, text: str, *, follows_paragraph: bool) -> None:
    """An English line right before a caption of an Arabic article is the caption's original."""
    previous = draft.paragraphs[-1] if follows_paragraph and draft.paragraphs else None
    arabic_article = bool(draft.headline) and not _is_latin(draft.headline or "")
    if previous is not None and arabic_article and _is_latin(previous):
        draft.captions.append(draft.paragraphs.pop())
        if not draft.paragraphs:
            draft.zone = "header"
    draft.captions.append(text)


def _text(draft: Draft, piece: Piece) -> None:
    text = piece.text
    if piece.ends_list:
        draft.in_list = False
    if draft.in_list:
        if _reads_like_listed(text):
            for item in listed(piece):
                _feed(draft, item)
            return
        draft.in_list = False
    if draft.zone == "pre":
        pats = patterns()
        if draft.site is None and len(text) <= _MAX_SITE_CHARS and pats.site.fullmatch(text):
            draft.site = text.rstrip(":").strip()
            return
        draft.headline, draft.headline_key, draft.zone = text, fold(text), "header"
        return
    if draft.zone == "header" and draft.headline is not None:
        if len(text) <= 2 * len(draft.headline) and fold(text) == draft.headline_key:
            draft.boilerplate.append(text)
            return
        if draft.byline is None and _is_byline(text):
            draft.byline = text
            return
    draft.paragraphs.append(text)
    draft.zone = "body"
    draft.last_was_paragraph = True


def _feed(draft: Draft, piece: Piece) -> None:
    draft.last_was_paragraph, follows_paragraph = False, draft.last_was_paragraph
    kind, text = piece.kind, piece.text
    if kind is Kind.LABEL:
        draft.boilerplate.append(text)
        draft.in_list = True
    elif kind is Kind.RELATED:
        draft.related.append(RelatedHeadline(headline=text, stamp=piece.stamp))
    elif kind is Kind.STAMP and draft.in_list and draft.related and not draft.related[-1].stamp:
        draft.related[-1].stamp = text  # a listed headline's stamp printed on the next line
    elif kind is Kind.STAMP:
        _set_once(draft, "stamp", text, text)
    elif kind is Kind.DATELINE:
        _set_once(draft, "dateline", text, text)
    elif kind is Kind.SOURCE:
        _set_once(draft, "source", Source(raw=text, name=piece.value or ""), text)
        draft.in_list = False
    elif kind is Kind.KEYWORDS:
        _set_once(draft, "keywords_raw", text, text)
    elif kind in (Kind.KEYWORDS_LABEL, Kind.BOILERPLATE, Kind.MARKER):
        draft.boilerplate.append(text)
    elif kind is Kind.EMBED:
        draft.embeds.append(
            Embed(text=piece.value or "", handle=piece.handle, url=piece.url, raw=text)
        )
    elif kind is Kind.CAPTION:
        _caption(draft, text, follows_paragraph=follows_paragraph)
    elif kind is Kind.BULLET and (draft.in_list or (draft.zone == "pre" and draft.after_marker)):
        draft.in_list = True
        for item in listed(piece):
            _feed(draft, item)
    else:
        _text(draft, piece)


def _is_bare_headline(draft: Draft) -> bool:
    return not (
        draft.paragraphs
        or draft.captions
        or draft.embeds
        or draft.related
        or draft.source
        or draft.keywords_raw is not None
        or draft.dateline
        or draft.stamp
        or draft.byline
        or draft.site
    )


def _absorb(target: Draft, extra: Draft, *, front: bool) -> None:
    """Move everything of a headline-less draft into ``target``."""
    for name in ("captions", "embeds", "related", "boilerplate"):
        mine, theirs = getattr(target, name), getattr(extra, name)
        setattr(target, name, [*theirs, *mine] if front else [*mine, *theirs])
    for name, raw in (
        ("site", extra.site),
        ("byline", extra.byline),
        ("dateline", extra.dateline),
        ("stamp", extra.stamp),
        ("source", extra.source.raw if extra.source else None),
        ("keywords_raw", extra.keywords_raw),
    ):
        value = getattr(extra, name)
        if value is not None and raw is not None:
            _set_once(target, name, value, raw)


def _merge(drafts: list[Draft]) -> list[Draft]:
    articles: list[Draft] = []
    pending: list[Draft] = []
    for draft in drafts:
        if draft.headline is None:
            if articles:
                _absorb(articles[-1], draft, front=False)
            else:
                pending.append(draft)
            continue
        if draft.after_marker and articles and _is_bare_headline(draft):
            articles[-1].related.append(RelatedHeadline(headline=draft.headline))
            articles[-1].boilerplate.extend(draft.boilerplate)
            continue
        for early in reversed(pending):
            _absorb(draft, early, front=True)
        pending = []
        articles.append(draft)
    return articles


def build(lines: Iterable[str]) -> list[Draft]:
    """Stripped, non-blank lines in reading order → the drafts of the file's articles."""
    drafts = [Draft()]
    for line in lines:
        for piece in split_line(line):
            if piece.kind is Kind.MARKER:
                drafts.append(Draft(boilerplate=[piece.text], after_marker=True))
            else:
                _feed(drafts[-1], piece)
    return _merge(drafts)
