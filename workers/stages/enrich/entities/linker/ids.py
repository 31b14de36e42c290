"""Ids for found names: the gazetteer entry a name is an alias of, or a provisional id.

A name the gazetteer does not know keeps an id made from its normalised words (``person:~…``,
``place:~…``, ``org:~…``), so the same name gets the same id in every article; a person's lone
name that ends a longer person's name used earlier in the article takes that person's id.
"""

from __future__ import annotations

from workers.stages.enrich.entities.bodies import dropped_heads
from workers.stages.enrich.entities.gazetteer import gazetteer

TYPES = {"PER": "person", "LOC": "location", "ORG": "organization"}
PROVISIONAL = {"PER": "person:~", "LOC": "place:~", "ORG": "org:~"}


def slug(text: str) -> str:
    return "-".join(word.lower() for word in text.split())


def known_id(norm: str, start: int, end: int, kind: str) -> str | None:
    """The gazetteer entry a found name is an alias of, when it is of the found kind. The
    finder read the context, so an ambiguous alias takes its name reading (سانا the agency);
    an organisation may be known with its category noun (برشلونة the club: نادي برشلونة)."""
    key = " ".join(norm[start:end].split())
    index = gazetteer()
    keys = [key, *(f"{head} {key}" for head in dropped_heads())] if kind == "ORG" else [key]
    for candidate in keys:
        alias = index.aliases.get(candidate)
        if alias is None or alias.surname:
            continue
        ids = (alias.rule.entity,) if alias.rule is not None else alias.ids
        if len(ids) != 1 or not ids[0] or ids[0] in index.demonyms.get(candidate, ()):
            continue
        entry = index.entries.get(ids[0])
        if entry is not None and {"person": "PER", "location": "LOC"}.get(
                entry.type, "ORG") == kind:
            return entry.id
    return None


def kind_of(entity_id: str, default: str) -> str:
    entry = gazetteer().entries.get(entity_id)
    return entry.type if entry is not None else default


def provisional(norm: str, kind: str, start: int, end: int,
                people: dict[str, str], surnames: dict[str, str]) -> str:
    """The provisional id of an unknown name; a person's lone name may be an earlier person's."""
    text = " ".join(norm[start:end].split())
    known = known_id(norm, start, end, kind)
    if known:
        return known
    if kind == "PER":
        if " " not in text and text in surnames:
            return surnames[text]
        entity_id = people.setdefault(text, PROVISIONAL[kind] + slug(text))
        if " " in text:
            surnames.setdefault(text.rsplit(" ", 1)[1], entity_id)
        return entity_id
    return PROVISIONAL[kind] + slug(text)
