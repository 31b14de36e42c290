"""Clubs named after their town, and the later mentions of the town that are the club."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workers.stages.enrich.entities.bodies import is_facility
from workers.stages.enrich.entities.linker.ids import PROVISIONAL, kind_of, known_id, slug
from workers.stages.enrich.entities.linker.places import after_place_word
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.tagger.tokens import Token, next_start

_UNITED = "يونايتد"
_TOWN_AND_CLUB_WORD = 2  # نيوكاسل يونايتد: a town of one word
_CLUB_WORDS = frozenset({"سيتي", "ستي", _UNITED})


def with_clubs(norm: str, chosen: list[Span], tokens: Sequence[Token],
               previous: Mapping[int, Token]) -> list[Span]:
    """Clubs named after their town, read off the way sports news names them: the town and
    سيتي or يونايتد (مانشستر سيتي، نيوكاسل يونايتد), or the town and a masculine country
    adjective, which agrees with نادي and not with مدينة (روما الإيطالي, فولفسبورغ الألماني; the
    city is روما الإيطالية), unless a place word comes first: "في مدينة دبي الإماراتي" is the
    city, the adjective's gender a slip. Every other mention of that town in the article is the
    club too. ``previous``: each token's start -> the token before it."""
    after = {token.start: token for token in tokens}
    by_start = {span.start: span for span in chosen}
    clubs: dict[str, tuple[str, str]] = {}  # the town's words -> (club id, its type)
    widened: dict[Span, Span] = {}
    for span in chosen:
        if span.type not in ("location", "organization") or span.form != "name" or (
                span.entity_id.startswith("country:")) or is_facility(norm[span.start : span.end]):
            continue  # ميناء مليلية الإسباني: the adjective agrees with the port, not a club
        following = after.get(next_start(norm, span.end))
        if following is None or "\n" in norm[span.end : following.start]:
            continue
        adjective = by_start.get(following.start)
        if following.text in _CLUB_WORDS:
            end = following.end
        elif (span.type == "location" and adjective is not None
                and adjective.form == "demonym"
                and not norm[adjective.start : adjective.end].endswith("ه")
                and not after_place_word(norm, span.start, previous)):
            end = span.end
        else:
            continue
        club = known_id(norm, span.start, end, "ORG") or PROVISIONAL["ORG"] + slug(
            norm[span.start : end])
        if end == span.end:  # the town alone names the club: its other mentions are the club
            town = " ".join(norm[span.start : span.end].split())
            club, kind = clubs.setdefault(town, (club, kind_of(club, "organization")))
        else:  # مانشستر سيتي: the town alone stays ambiguous (مانشستر يونايتد)
            kind = kind_of(club, "organization")
        widened[span] = Span(span.start, end, club, kind, "name")
    by_word: dict[str, str] = {}  # سيتي -> the club first named with it here
    by_town: dict[str, set[str]] = {}  # نيوكاسل -> the … يونايتد clubs of that town named here
    for span in sorted([*chosen, *widened.values()]):
        words = norm[span.start : span.end].split()
        if span.type == "organization" and len(words) > 1 and words[-1] in _CLUB_WORDS:
            by_word.setdefault(words[-1], span.entity_id)
            if words[-1] == _UNITED and len(words) == _TOWN_AND_CLUB_WORD:
                by_town.setdefault(words[0], set()).add(span.entity_id)
    if not clubs and not by_word:
        return chosen
    result = []
    for token in tokens:  # "سيتي" alone, once the article named "مانشستر سيتي": the club the
        # article named first, its subject, when it names several (… نيويورك سيتي later);
        # "نيوكاسل" alone once it named "نيوكاسل يونايتد" and no other club of that town
        town_ids = by_town.get(token.text, set())
        club_id = next(iter(town_ids)) if len(town_ids) == 1 else by_word.get(token.text)
        if club_id is not None and not any(s.start < token.end and s.end > token.start
                                           for s in [*chosen, *widened.values()]):
            result.append(Span(token.start, token.end, club_id,
                               kind_of(club_id, "organization"), "name"))
    for span in chosen:
        town = " ".join(norm[span.start : span.end].split())
        if span in widened:
            result.append(widened[span])
        elif town in clubs and span.form == "name" and span.type in ("location", "person"):
            result.append(Span(span.start, span.end, *clubs[town], "name"))
        else:
            result.append(span)
    return sorted(set(result))
