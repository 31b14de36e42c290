"""Enrich stage: entities, quotes, outlets, keywords, links, statistics and a fingerprint.

Pure and deterministic: the same article always gives byte-identical output. Near-duplicates
depend on the whole stream, so they are not here: story clusters are computed from the
fingerprint on a topic of their own (``workers.stages.cluster``).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from workers.record import Article, Stats, article_text
from workers.stages.enrich.entities import find_entities
from workers.stages.enrich.entities.gazetteer import lookup
from workers.stages.enrich.fingerprint import simhash
from workers.stages.enrich.keywords import split_keywords
from workers.stages.enrich.links import find_links
from workers.stages.enrich.quotes import find_quotes
from workers.stages.enrich.source import normalize_source, outlet_country
from workers.stages.text.arabic import normalize_arabic

# Silent reading speed used for ``reading_seconds``. 180 words per minute is the lower end of
# the range measured for Arabic readers (Arabic words carry clitics, so fewer words per minute
# than the ~238 usual for English); a conservative figure suits a "time to read" label.
WORDS_PER_MINUTE = 180


def is_known_phrase(phrase: str) -> bool:
    """A keyword the gazetteer knows (person, place, organisation or outlet)."""
    return lookup(normalize_arabic(phrase)) is not None


_PUNCTUATION_TOKEN_RE = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")


def stats(text: str) -> Stats:
    """Words are white-space separated tokens holding a letter or digit ("—" is not a word)."""
    words = len(text.split()) - len(_PUNCTUATION_TOKEN_RE.findall(text))
    return Stats(
        words=words,
        chars=len(text),
        reading_seconds=math.ceil(words * 60 / WORDS_PER_MINUTE),
    )


def enrich(article: Article) -> Article:
    text = article_text(article)
    entities = find_entities(text, home=outlet_country(article.source))
    return replace(
        article,
        entities=entities,
        quotes=find_quotes(text, entities),
        source=normalize_source(article.source, article.byline),
        keywords=split_keywords(article.keywords_raw or "", is_known_phrase, text),
        links=find_links(text, article.embeds),
        stats=stats(text),
        fingerprint=simhash([article.headline, *article.paragraphs]),
    )
