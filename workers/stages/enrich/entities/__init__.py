"""Entity extraction: people, places, organisations and media outlets with their mentions.

Pipeline over one text: normalise (keeping a map to original offsets), run the Aho-Corasick
automaton once, drop hits that fail their ambiguity rule, keep the leftmost-longest
non-overlapping hits, resolve shared surnames to the person whose full name the text used,
add people introduced by a title, then group mentions by id. Mentions index into the text as
given (the caller passes ``article_text(article)``); output order is by first mention, then id.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from workers.record import Entity, Mention
from workers.stages.enrich.entities.automaton import Hit, scan
from workers.stages.enrich.entities.context import rule_holds
from workers.stages.enrich.entities.gazetteer import GazetteerEntry, gazetteer
from workers.stages.enrich.entities.people import Span, discover
from workers.stages.text.arabic import normalize_with_map

_NO_ENTRY = GazetteerEntry("", "location", "", None)
_CAPS_GUARD_LETTERS = 12
_CAPS_GUARD_RATIO = 0.6
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_ASCII_UPPER_RE = re.compile("[A-Z]")

# A hit that passed its rules and its possible ids, after (start, -end): sorting candidates as
# plain tuples orders them leftmost-longest without a key function (no two share a span).
Candidate = tuple[int, int, Hit, tuple[str, ...]]


def _shouting(text: str, hit: Hit, verdicts: dict[int, bool]) -> bool:
    """A short all-caps Latin name ("US", "UN") inside an all-caps line is an ordinary word.

    ``verdicts`` keeps the answer per line start (a name never spans lines), so a line full of
    such names is counted once.
    """
    line_start = text.rfind("\n", 0, hit.start) + 1
    verdict = verdicts.get(line_start)
    if verdict is None:
        line_end = text.find("\n", hit.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        letters = len(_ASCII_LETTER_RE.findall(line))
        verdict = letters >= _CAPS_GUARD_LETTERS and (
            len(_ASCII_UPPER_RE.findall(line)) / letters > _CAPS_GUARD_RATIO
        )
        verdicts[line_start] = verdict
    return verdict


def _candidates(text: str, hits: list[Hit]) -> list[Candidate]:
    aliases = gazetteer().aliases
    verdicts: dict[int, bool] = {}
    result: list[Candidate] = []
    for hit in hits:
        if hit.title:
            continue
        key = hit.key
        alias = aliases[key]
        rule = alias.rule
        if rule is not None:
            chosen = rule.entity if rule_holds(rule, text, hit) else rule.otherwise
            if chosen:
                result.append((hit.start, -hit.end, hit, (chosen,)))
        elif not (
            len(key) <= 3 and key.isascii() and key.isupper() and _shouting(text, hit, verdicts)
        ):
            result.append((hit.start, -hit.end, hit, alias.ids))
    return result


def _nested_places(ordered: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """Places named inside an organisation's name ("القنصلية الأميركية باسطنبول") count too."""
    entries = gazetteer().entries
    outer = [(c[2].start, c[2].end) for c in chosen if entries[c[3][0]].type == "organization"]
    if not outer:
        return []
    starts = [start for start, _end in outer]  # chosen hits are sorted and do not overlap
    nested: list[Candidate] = []
    last_end = -1
    for candidate in ordered:
        hit, ids = candidate[2], candidate[3]
        if len(ids) != 1 or hit.start < last_end or entries[ids[0]].type != "location":
            continue
        index = bisect_right(starts, hit.start) - 1
        if index < 0:
            continue
        start, end = outer[index]
        if hit.end <= end and (start, end) != (hit.start, hit.end):
            nested.append(candidate)
            last_end = hit.end
    return nested


def _select(text: str, hits: list[Hit]) -> list[Span]:
    """Leftmost-longest non-overlapping hits; shared surnames go to a full name already used."""
    index = gazetteer()
    entries = index.entries
    ordered = sorted(_candidates(text, hits))
    chosen: list[Candidate] = []
    last_end = -1
    for candidate in ordered:
        if candidate[0] >= last_end:
            chosen.append(candidate)
            last_end = -candidate[1]
    chosen += _nested_places(ordered, chosen)
    seen: list[str] = [c[3][0] for c in chosen if len(c[3]) == 1]
    last_words = index.last_words
    spans: list[Span] = []
    for _start, _end, hit, ids in chosen:
        entity_id = ids[0] if len(ids) == 1 else next((i for i in seen if i in ids), "")
        people = last_words.get(hit.key)
        if people and entries.get(entity_id, _NO_ENTRY).type != "person":
            earlier = [s.entity_id for s in spans if s.entity_id in people]
            entity_id = earlier[0] if earlier else entity_id
        if entity_id:
            spans.append(Span(hit.start, hit.end, entity_id, entries[entity_id].type))
    return spans


def _titles(titles: list[Hit], spans: list[Span]) -> list[Hit]:
    """Title hits, longest first at each start, not inside an entity name."""
    titles = sorted(titles, key=lambda h: (h.start, h.start - h.end))
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


def _entity(entity_id: str, entry: GazetteerEntry | None, mentions: list[Mention]) -> Entity:
    if entry is None:  # discovered from a title or a role: named as first written
        return Entity(id=entity_id, type="person", name=mentions[0].text, known=False,
                      mentions=mentions)
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


def find_entities(text: str) -> list[Entity]:
    """Every entity mentioned in ``text``, mentions as spans of ``text`` itself."""
    normalized = normalize_with_map(text)
    norm = normalized.text
    hits = scan(norm)
    all_titles = [hit for hit in hits if hit.title]
    spans = _select(norm, hits)
    spans += discover(norm, spans, _titles(all_titles, spans), all_titles)
    grouped: dict[str, list[Mention]] = {}
    for span in sorted(spans):  # by (start, end): no two spans share both
        start, end = normalized.span(span.start, span.end)
        grouped.setdefault(span.entity_id, []).append(Mention(text[start:end], start, end))
    entries = gazetteer().entries
    entities = [
        _entity(entity_id, entries.get(entity_id), mentions)
        for entity_id, mentions in grouped.items()
    ]
    entities.sort(key=lambda e: (e.mentions[0].start, e.id))
    return entities
