"""The pipeline a user would otherwise write with the same libraries, as the yardstick for the
in-process chain: split on the read-also marker with a plain regex, ``langdetect`` per
paragraph, ``dateparser.search.search_dates`` per paragraph (Arabic and English) and a loop of
``str.find`` over the gazetteer's names. It does less than khabar (no captions, related lists,
offsets, quotes…), so the ratio flatters the baseline if anything."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from dateparser.search import search_dates
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "workers" / "data" / "gazetteer"
READ_ALSO = re.compile(r"^\s*إقرأ أيضاً:?\s*$", re.MULTILINE)
DATEPARSER_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": False}


@dataclass
class NaiveArticle:
    headline: str
    paragraphs: list[str]
    languages: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def _strings_under(node: Any, keys: frozenset[str]) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from _strings_under(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _strings_under(item, keys)


@cache
def gazetteer_names() -> tuple[str, ...]:
    """Every Arabic and English name in the project's gazetteer files, else pycountry's Arabic
    country names."""
    names: set[str] = set()
    for path in sorted(GAZETTEER.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        names.update(_strings_under(data, frozenset({"ar", "en"})))
    if not names:
        import gettext  # noqa: PLC0415 - only the fallback needs it

        import pycountry  # noqa: PLC0415

        arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
        names = {arabic.gettext(country.name) for country in pycountry.countries}
    return tuple(sorted(n for n in names if n.strip()))


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def naive_process(data: bytes) -> list[NaiveArticle]:
    DetectorFactory.seed = 0
    text = decode(data).replace("\r\n", "\n")
    names = gazetteer_names()
    articles = []
    for part in READ_ALSO.split(text):
        lines = [line.strip() for line in part.split("\n") if line.strip()]
        if not lines:
            continue
        article = NaiveArticle(headline=lines[0], paragraphs=lines[1:])
        for paragraph in lines:
            try:
                article.languages.append(str(detect_langs(paragraph)[0].lang))
            except LangDetectException:
                article.languages.append("und")
            found = search_dates(paragraph, languages=["ar", "en"], settings=DATEPARSER_SETTINGS)
            article.dates.extend(str(value) for _, value in found or [])
            article.places.extend(name for name in names if paragraph.find(name) >= 0)
        articles.append(article)
    return articles
