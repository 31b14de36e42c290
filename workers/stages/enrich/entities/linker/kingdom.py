""""المملكة" alone: the kingdom the article's reader knows without its name.

A Saudi paper writes "إنتاج المملكة من المياه" for Saudi Arabia, a Moroccan one for Morocco.
The kingdom is the one the outlet is edited for (``home``: the ISO code of the country of the
outlet the source line credits) when that is one of the Arab kingdoms (``[kingdom]`` in
categories.toml), otherwise the one such kingdom the article names (السعودية … المملكة). Where
neither says which, the word is left alone. "المملكة" followed by a feminine definite adjective
is another kingdom (المملكة الحيوانية) or a longer name the gazetteer knows (المملكة المتحدة),
never this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from workers.stages.enrich.entities.linker.clitics import definite_start
from workers.stages.enrich.entities.linker.ids import PROVISIONAL
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.tagger.features import ARTICLE, strip_proclitics
from workers.stages.enrich.entities.tagger.tokens import Token
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml

_COUNTRY = "country:"
_FEMININE = "ه"  # ة as the normalised text writes it


@cache
def _kingdoms() -> frozenset[str]:
    """The ISO codes of the kingdoms whose press calls its own country "المملكة"."""
    return frozenset(load_toml("entities", "categories.toml")["kingdom"]["kingdoms"])


@cache
def _word() -> str:
    """The kingdom's word without its article: مملكه."""
    word = normalize_arabic(load_toml("entities", "categories.toml")["kingdom"]["word"])
    return strip_proclitics(word)[1]


def _which(chosen: Sequence[Span], home: str | None) -> str | None:
    if home in _kingdoms():
        return home
    named = {span.entity_id[len(_COUNTRY):] for span in chosen
             if span.entity_id.startswith(_COUNTRY)} & _kingdoms()
    return next(iter(named)) if len(named) == 1 else None


def with_kingdom(norm: str, chosen: list[Span], tokens: Sequence[Token],
                 home: str | None) -> list[Span]:
    """``chosen`` with each "المملكة" alone (clitics allowed: للمملكة، بالمملكة) as the kingdom
    meant; a place the tagger found there with a provisional id takes the kingdom's id."""
    kingdom = _which(chosen, home)
    if kingdom is None:
        return chosen
    entity_id = _COUNTRY + kingdom
    by_start = {span.start: span for span in chosen}
    result = list(chosen)
    word = _word()
    for index, token in enumerate(tokens):
        if word not in token.text:
            continue
        definite = definite_start(token)
        if definite is None or definite[1] != word:
            continue
        follow = tokens[index + 1] if index + 1 < len(tokens) else None
        if follow is not None and norm[token.end : follow.start] == " " and (
                follow.text.startswith(ARTICLE) and follow.text.endswith(_FEMININE)):
            continue  # المملكة الحيوانية, المملكة الأردنية: another kingdom
        start = definite[0]
        span = Span(start, token.end, entity_id, "location", "name")
        found = by_start.get(start)
        if found is not None and found.end == token.end and found.entity_id.startswith(
                PROVISIONAL["LOC"]):
            result[result.index(found)] = span
        elif not any(s.start < token.end and s.end > token.start for s in chosen):
            result.append(span)
    return sorted(result)
