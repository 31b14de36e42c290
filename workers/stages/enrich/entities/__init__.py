"""Entity extraction: people, places, organisations and media outlets with their mentions.

Pipeline over one text: normalise (keeping a map to original offsets), run the Aho-Corasick
automaton once, drop hits that fail their ambiguity rule, keep the leftmost-longest
non-overlapping hits, resolve shared surnames to the person whose full name the text used,
add people introduced by a title, then group mentions by id. Mentions index into the text as
given (the caller passes ``article_text(article)``); output order is by first mention, then id.
"""

from __future__ import annotations

from typing import cast

from workers.record import Entity, EntityType, Mention
from workers.stages.enrich.entities.gazetteer import GazetteerEntry, gazetteer
from workers.stages.enrich.entities.linker import link
from workers.stages.enrich.entities.people import family_named, nationality_names, titled_names
from workers.stages.enrich.entities.selection import read_gazetteer, titles_outside
from workers.stages.enrich.entities.tagger.model import Tagger, shipped_tagger
from workers.stages.enrich.entities.tagger.tokens import tokenize
from workers.stages.text.arabic import normalize_with_map


def _entity(entity_id: str, kind: str, entry: GazetteerEntry | None,
            mentions: list[Mention]) -> Entity:
    if entry is None:  # a name the gazetteer does not know: named as first written
        return Entity(id=entity_id, type=cast(EntityType, kind), name=mentions[0].text,
                      known=False, mentions=mentions)
    return Entity(
        id=entry.id,
        type=entry.type,
        name=entry.name,
        name_en=entry.name_en,
        country=entry.country,
        geonames_id=entry.geonames_id,
        lat=entry.lat,
        lon=entry.lon,
        mentions=mentions,
    )


def find_entities(text: str, tagger: Tagger | None = None, home: str | None = None,
                  ) -> list[Entity]:
    """Every entity mentioned in ``text``, mentions as spans of ``text`` itself.

    ``tagger`` defaults to the model shipped with the package (cross-validation passes others).
    ``home``: the ISO code of the country the article's outlet is edited for
    (:func:`workers.stages.enrich.source.outlet_country`), which tells which kingdom
    "المملكة" alone is.
    """
    tagger = tagger or shipped_tagger()
    normalized = normalize_with_map(text)
    norm = normalized.text
    view = read_gazetteer(norm)
    tokens = tokenize(norm)
    # People introduced by a title, or by a given and a family name: the model weighs both
    titled = [*titled_names(norm, view.spans, titles_outside(view.titles, view.spans),
                            view.titles),
              *family_named(norm, view.spans, tokens.all, tagger.lexicon)]
    by_nationality = nationality_names(norm, view.spans)
    titles = [(hit.start, hit.end) for hit in view.titles]
    tagging = tagger.tag(norm, view.marks, titles, [*titled, *by_nationality], tokens)
    spans = link(norm, view, tagging, tagger.lexicon, titled, tokens.all, home,
                 by_nationality)
    grouped: dict[str, list[Mention]] = {}
    for span in spans:  # sorted by start, not overlapping
        start, end = normalized.span(span.start, span.end)
        grouped.setdefault(span.entity_id, []).append(
            Mention(text[start:end], start, end, span.form))
    kinds = {span.entity_id: span.type for span in spans}
    entries = gazetteer().entries
    entities = [
        _entity(entity_id, kinds[entity_id], entries.get(entity_id), mentions)
        for entity_id, mentions in grouped.items()
    ]
    entities.sort(key=lambda e: (e.mentions[0].start, e.id))
    return entities
