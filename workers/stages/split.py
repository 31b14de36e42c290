"""Split stage (walking-skeleton version): one raw file into its articles."""

from __future__ import annotations

import re

from workers.errors import InputRejected
from workers.record import Article, FileInfo, RawFile, Source, make_article_id
from workers.stages.limits import DEFAULT_LIMITS, Limits

_READ_ALSO = re.compile(r"^\s*[إا]قرأ أيضا[ًٌ]?\s*:?\s*$", re.MULTILINE)
_DATELINE = re.compile(r"^تاريخ النشر\s*:")
_SOURCE = re.compile(r"^المصدر\s*:\s*(.+)$")
_KEYWORDS = re.compile(r"^كلمات دلالية\s*:\s*(.*)$")


def decode(data: bytes, limits: Limits) -> tuple[str, str]:
    if not data:
        raise InputRejected("the file is empty", reason="empty")
    if len(data) > limits.max_file_bytes:
        raise InputRejected(
            f"{len(data)} bytes is over the limit of {limits.max_file_bytes}", reason="too_large"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRejected(f"not UTF-8: {exc}", reason="undecodable") from exc
    if not text.strip():
        raise InputRejected("the file holds only white space", reason="whitespace_only")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " "), "utf-8"


def _article(raw: RawFile, encoding: str, position: int, lines: list[str]) -> Article:
    file = FileInfo(sha256=raw.sha256, name=raw.name, bytes=len(raw.data), encoding=encoding)
    article = Article(
        article_id=make_article_id(raw.sha256, position),
        file=file,
        position=position,
        role="main" if position == 0 else "related",
        headline=lines[0],
    )
    for line in lines[1:]:
        if _DATELINE.match(line):
            article.dateline = line
        elif match := _SOURCE.match(line):
            article.source = Source(raw=line, name=match.group(1).strip())
        elif match := _KEYWORDS.match(line):
            article.keywords_raw = match.group(1).strip()
        else:
            article.paragraphs.append(line)
    return article


def split_file(raw: RawFile, limits: Limits = DEFAULT_LIMITS) -> list[Article]:
    text, encoding = decode(raw.data, limits)
    articles: list[Article] = []
    for chunk in _READ_ALSO.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            articles.append(_article(raw, encoding, len(articles), lines))
    if not articles:
        raise InputRejected("no article text found", reason="no_articles")
    return articles
