"""Entity extraction: people, places, organisations and media outlets with their mentions.

Pipeline over one text: normalise (keeping a map to original offsets), run the Aho-Corasick
automaton once, drop hits that fail their ambiguity rule, keep the leftmost-longest
non-overlapping hits, resolve shared surnames to the person whose full name the text used,
add people introduced by a title, then group mentions by id. Mentions index into the text as
given (the caller passes ``article_text(article)``); output order is by first mention, then id.
"""

from __future__ import annotations

from bisect import bisect_right

from workers.record import Entity, Mention
from workers.stages.arabic import normalize_with_map
from workers.stages.entity_context import rule_holds
from workers.stages.entity_patterns import Hit, scan
from workers.stages.entity_people import Span, discover
from workers.stages.gazetteer import GazetteerEntry, gazetteer

_NO_ENTRY = GazetteerEntry("", "location", "", None)
_CAPS_GUARD_LETTERS = 12
_CAPS_GUARD_RATIO = 0.6


def _shouting(text: str, hit: Hit) -> bool:
    """A short all-caps Latin name ("US", "UN") inside an all-caps line is an ordinary word."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    letters = [ch for ch in line if ch.isascii() and ch.isalpha()]
    if len(letters) < _CAPS_GUARD_LETTERS:
        return False
    return sum(ch.isupper() for ch in letters) / len(letters) > _CAPS_GUARD_RATIO


def _candidates(text: str, hits: list[Hit]) -> list[tuple[Hit, tuple[str, ...], bool]]:
    aliases = gazetteer().aliases
    result = []
    for hit in hits:
        if hit.title:
            continue
        alias = aliases[hit.key]
        ids = alias.ids
        if alias.rule is not None:
            rule = alias.rule
            chosen = rule.entity if rule_holds(rule, text, hit) else rule.otherwise
            if not chosen:
                continue
            ids = (chosen,)
        elif len(hit.key) <= 3 and hit.key.isascii() and hit.key.isupper() and _shouting(text, hit):
            continue
        result.append((hit, ids, alias.surname))
    return result


def _nested_places(
    ordered: list[tuple[Hit, tuple[str, ...], bool]], chosen: list[tuple[Hit, tuple[str, ...]]]
) -> list[tuple[Hit, tuple[str, ...]]]:
    """Places named inside an organisation's name ("القنصلية الأميركية باسطنبول") count too."""
    entries = gazetteer().entries
    outer = [(hit.start, hit.end) for hit, ids in chosen if entries[ids[0]].type == "organization"]
    if not outer:
        return []
    starts = [start for start, _end in outer]  # chosen hits are sorted and do not overlap
    nested: list[tuple[Hit, tuple[str, ...]]] = []
    last_end = -1
    for hit, ids, _surname in ordered:
        if len(ids) != 1 or hit.start < last_end or entries[ids[0]].type != "location":
            continue
        index = bisect_right(starts, hit.start) - 1
        if index < 0:
            continue
        start, end = outer[index]
        if hit.end <= end and (start, end) != (hit.start, hit.end):
            nested.append((hit, ids))
            last_end = hit.end
    return nested


def _select(text: str, hits: list[Hit]) -> list[Span]:
    """Leftmost-longest non-overlapping hits; shared surnames go to a full name already used."""
    entries = gazetteer().entries
    ordered = sorted(_candidates(text, hits), key=lambda c: (c[0].start, c[0].start - c[0].end))
    chosen: list[tuple[Hit, tuple[str, ...]]] = []
    last_end = -1
    for hit, ids, _surname in ordered:
        if hit.start >= last_end:
            chosen.append((hit, ids))
            last_end = hit.end
    chosen += _nested_places(ordered, chosen)
    seen: list[str] = [ids[0] for _hit, ids in chosen if len(ids) == 1]
    last_words = gazetteer().last_words
    spans: list[Span] = []
    for hit, ids in chosen:
        entity_id = ids[0] if len(ids) == 1 else next((i for i in seen if i in ids), "")
        people = last_words.get(hit.key, ())
        if people and entries.get(entity_id, _NO_ENTRY).type != "person":
            earlier = [s.entity_id for s in spans if s.entity_id in people]
            entity_id = earlier[0] if earlier else entity_id
        if entity_id:
            spans.append(Span(hit.start, hit.end, entity_id, entries[entity_id].type))
    return spans


def _titles(hits: list[Hit], spans: list[Span]) -> list[Hit]:
    """Title hits, longest first at each start, not inside an entity name."""
    titles = sorted((h for h in hits if h.title), key=lambda h: (h.start, h.start - h.end))
    starts = [span.start for span in spans]  # spans are sorted and do not overlap
    result: list[Hit] = []
    last_end = -1
    for title in titles:
        index = bisect_right(starts, title.start) - 1
        inside = index >= 0 and title.start < spans[index].end
        if title.start >= last_end and not inside:
            result.append(title)
            last_end = title.end
    return result


def _entity(entity_id: str, entry: GazetteerEntry | None, first: str) -> Entity:
    if entry is None:
        return Entity(id=entity_id, type="person", name=first, known=False)
    return Entity(
        id=entry.id,
        type=entry.type,
        name=entry.name,
        name_en=entry.name_en,
        country=entry.country,
        geonames_id=entry.geonames_id,
        lat=entry.lat,
        lon=entry.lon,
    )


def find_entities(text: str) -> list[Entity]:
    """Every entity mentioned in ``text``, mentions as spans of ``text`` itself."""
    normalized = normalize_with_map(text)
    norm = normalized.text
    hits = scan(norm)
    spans = _select(norm, hits)
    spans += discover(norm, spans, _titles(hits, spans), [h for h in hits if h.title])
    entries = gazetteer().entries
    grouped: dict[str, list[Mention]] = {}
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = normalized.span(span.start, span.end)
        grouped.setdefault(span.entity_id, []).append(Mention(text[start:end], start, end))
    entities = [
        _entity(entity_id, entries.get(entity_id), mentions[0].text)
        for entity_id, mentions in grouped.items()
    ]
    for entity in entities:
        entity.mentions = grouped[entity.id]
    entities.sort(key=lambda e: (e.mentions[0].start, e.id))
    return entities
