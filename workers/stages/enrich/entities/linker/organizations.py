"""Organisations found by their form: bodies and facilities by their head noun
(:mod:`workers.stages.enrich.entities.bodies`), and a state body with a country adjective."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from workers.stages.enrich.entities.bodies import find_bodies
from workers.stages.enrich.entities.linker.clitics import definite_start
from workers.stages.enrich.entities.linker.ids import PROVISIONAL, kind_of, known_id, slug
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.tagger.features import ARTICLE
from workers.stages.enrich.entities.tagger.tokens import Token
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml


def with_bodies(norm: str, chosen: list[Span], names: list[Span],
                lexicon: Mapping[str, int], tokens: Sequence[Token]) -> list[Span]:
    """Add the names of bodies and facilities (:func:`find_bodies`): such a name holds the names
    inside it (سد أبها holds أبها), and gives way to a name that crosses its edge, or to a known
    organisation that is all of it but the head (منظمة أوبك is أوبك)."""
    exact = {(n.start, n.end): n for n in names if n.type in ("organization", "media")}
    known = sorted({*((s.start, s.end, _known_kind(s)) for s in chosen),
                    *((n.start, n.end, _known_kind(n)) for n in names)})
    result = list(chosen)
    for start, end, name_start, kind in find_bodies(norm, known, lexicon, tokens):
        inside = [s for s in result if start <= s.start and s.end <= end]
        if any(s.start < end and s.end > start for s in result if s not in inside):
            continue
        if kind == "location":
            if not any((s.start, s.end) == (start, end) for s in inside):
                entity_id = known_id(norm, start, end, "LOC") or PROVISIONAL["LOC"] + slug(
                    norm[start:end])
                result = [s for s in result if s not in inside]
                result.append(Span(start, end, entity_id, kind_of(entity_id, "location")))
            continue
        rest = exact.get((name_start, end))
        if rest is not None:
            result = [s for s in result if s not in inside] + [rest]
            continue
        same = [s for s in inside if (s.start, s.end) == (start, end)]
        if same and same[0].type in ("organization", "media"):
            continue  # known already; a place or person here is a club or firm named after it
        result = [s for s in result if s not in inside]
        # وزارة الخارجية الأردنية is the body the gazetteer knows as الخارجية الأردنية
        entry = next((n for n in names if n.end == end and start <= n.start
                      and n.type in ("organization", "media")), None)
        if entry is None:
            entity_id = known_id(norm, start, end, "ORG") or PROVISIONAL["ORG"] + slug(
                norm[start:end])
            result.append(Span(start, end, entity_id, kind_of(entity_id, "organization")))
        else:
            result.append(Span(start, end, entry.entity_id, entry.type))
    return result


def _known_kind(span: Span) -> str:
    """A name's type as :func:`find_bodies` reads it: a country adjective is ``demonym``."""
    return "demonym" if span.form == "demonym" else span.type


@cache
def _institution_words() -> frozenset[str]:
    data = load_toml("entities", "categories.toml")["institutions"]["words"]
    return frozenset(normalize_arabic(word) for word in data)


def with_institutions(norm: str, chosen: list[Span], previous: Mapping[int, Token]) -> list[Span]:
    """A definite state body with a country adjective right after it is one organisation
    (الحكومة اليمنية، وللحكومة اليمنية → لحكومة اليمنية, القوات الأمريكية), and the adjective
    inside it stays a mention of the country, as a place inside an organisation's name does.
    The id is provisional: the body is the country's, not a gazetteer entry. ``previous``:
    each token's start -> the token before it."""
    taken = {(s.start, s.end) for s in chosen}
    result: list[Span] = []
    for span in chosen:
        token = previous.get(span.start)
        result.append(span)
        if span.form != "demonym" or token is None or "\n" in norm[token.end : span.start]:
            continue
        definite = definite_start(token)
        if definite is None or definite[1] not in _institution_words() or any(
                s < token.end and e > token.start for s, e in taken):
            continue
        start, stem = definite
        name = f"{ARTICLE}{stem} {norm[span.start : span.end]}"  # one id for both spellings
        result.append(Span(start, span.end, PROVISIONAL["ORG"] + slug(name),
                           "organization", "name"))
    return sorted(result)
