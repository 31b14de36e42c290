"""The linker: the tagger says where the names are, the gazetteer says who they are.

Each span the tagger found is given a gazetteer entry when one covers it (its id, canonical
names, ISO code, GeoNames id, coordinates); a longer gazetteer name around it wins (the short
form "مجلس الأمن" inside "مجلس الأمن الدولي") unless what it adds is a category noun in front
(مدينة مشهد: the mention is مشهد, linked); a longer tagged name around gazetteer names wins too
(the person inside "جامعة الملك سعود" is not a mention), except two known people the model ran
together, and two one-word bodies it joined with و (النصر والهلال). A tagged span the
gazetteer does not know keeps the tagger's type and a provisional id (``person:~…``,
``org:~…``, ``place:~…``, from its normalised words), or the id of the entry it is an alias
of; a person's single name that ends a longer person's name used in the same article is that
person. What the model tags that is never a name of its type is dropped (a person with a
number, a tribe as an organisation). Bodies and facilities found by their head noun
(:mod:`bodies`) come next, and a state body with a country adjective (الحكومة اليمنية) is one
organisation.

A gazetteer name the tagger did not propose is kept only when the context supports it: a
country adjective or nationality (a ``demonym`` mention), a name its ambiguity rule decided, a
curated name of several words, a curated person's surname that is not a common word, or one
word the model itself thinks likely to be part of a name (``MIN_SUPPORT``). That is what keeps
سيول ("floods") from being Seoul and اليمنى ("right") from being Yemen. A family name alone
(الصباح) is not the curated person of that family unless the full name came first. GeoNames
towns always need the model's support. Last, every other occurrence of a name found (and a
person's surname after the full name) is a mention too.

The steps live in modules of their own: :mod:`.clitics` (where a tagged name starts inside its
first token), :mod:`.ids` (gazetteer ids and provisional ids), :mod:`.persons` (where unknown
people's names start and end), :mod:`.organizations` (bodies, facilities, state bodies),
:mod:`.repeated` (later mentions), :mod:`.clubs` (clubs named after their town),
:mod:`.kingdom` ("المملكة" alone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache

from workers.stages.enrich.entities.bodies import COMMON_WORD, generic_names, is_rare
from workers.stages.enrich.entities.gazetteer import gazetteer
from workers.stages.enrich.entities.linker.clitics import StandingAlone, is_definite, trim
from workers.stages.enrich.entities.linker.clubs import with_clubs
from workers.stages.enrich.entities.linker.ids import TYPES, kind_of, provisional
from workers.stages.enrich.entities.linker.kingdom import with_kingdom
from workers.stages.enrich.entities.linker.organizations import with_bodies, with_institutions
from workers.stages.enrich.entities.linker.persons import person_extents
from workers.stages.enrich.entities.linker.places import after_place_word, token_before
from workers.stages.enrich.entities.linker.repeated import repeated_mentions
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.selection import GazetteerView
from workers.stages.enrich.entities.tagger.features import (
    ARTICLE,
    category_heads,
    raw_counts,
    strip_proclitics,
)
from workers.stages.enrich.entities.tagger.model import Tagging
from workers.stages.enrich.entities.tagger.tokens import TOKEN, Token, next_start, tokenize
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml

MIN_SUPPORT = 0.5
MIN_SUPPORT_SEVERAL = 0.0
MIN_SUPPORT_TITLED = 0.2
# Tagged types whose span, when it holds only known names of its kind, is those names apart.
_SEVERAL = {"PER": frozenset({"person"}), "ORG": frozenset({"organization", "media"})}
_REGION = "region:"  # the curated regions of regions.toml
_MIN_PERSON = 3
_TRIBE = "بني"  # "the sons of": a tribe, as a group
# A definite word the raw text uses this often is an ordinary noun (العالم 8,890, الشيخ 8,939),
# not a family name (الحارثي 28); a person's name is never made of such words alone.
_EVERYDAY_WORD = 1000
_MIN_RARE_NAME = 2  # words of a name the model does not know
_BODIES_JOINED = 2  # النصر والهلال
_MIN_BODY_WORD = 5  # letters, with the article: النصر
_WITH_CATEGORY = 2  # words: منطقة عسير


def link(norm: str, view: GazetteerView, tagging: Tagging, lexicon: Mapping[str, int],
         titled: Sequence[tuple[int, int]] = (), tokens: Sequence[Token] | None = None,
         home: str | None = None, by_nationality: Sequence[tuple[int, int]] = (),
         ) -> list[Span]:
    """The article's mentions: tagged spans linked to the gazetteer, the gazetteer names the
    context supports, the people after a title or named by a given and a family name
    (``titled``) the model finds plausible, and those after a country adjective
    (``by_nationality``) the model finds plausible or whose words are rare.
    ``home``: the ISO code of the country the article's outlet is edited for, if known.
    Sorted by start; only a place inside an organisation's name overlaps another mention."""
    if tokens is None:
        tokens = tokenize(norm).all
    counts = StandingAlone(Counter(norm.split()), lexicon)
    names = view.spans
    chosen: list[Span] = []
    used: set[int] = set()  # indexes of gazetteer names taken
    people: dict[str, str] = {}
    surnames: dict[str, str] = {  # last word -> the person whose full name the text used
        norm[s.start : s.end].split()[-1]: s.entity_id
        for s in names if s.type == "person" and " " in norm[s.start : s.end].strip()
    }
    full_names = {s.entity_id for s in names if s.type == "person" and s.end - s.start > len(
        norm[s.start : s.end].split()[-1])}
    aliases = gazetteer().aliases

    def bare_surname(name: Span) -> bool:
        """A family name alone (الصباح، الأنصاري), or one that several curated people share,
        with no full name of theirs in the article: as likely anyone else of that family.
        A distinctive surname (لافروف، ترامب) stands for its person."""
        alias = aliases.get(norm[name.start : name.end])
        return (alias is not None and alias.surname and name.entity_id not in full_names
                and (alias.key.startswith(ARTICLE) or len(alias.ids) > 1))

    def decided_by_rule(name: Span) -> bool:
        """A name whose ambiguity rule (ambiguity.toml) read the context already."""
        alias = aliases.get(norm[name.start : name.end])
        return alias is not None and alias.rule is not None

    for tagged in tagging.spans:
        start, end = trim(tagged, names, counts)
        if _never_a_name(norm[start:end], tagged.type):
            continue
        overlapping = [i for i, n in enumerate(names) if n.start < end and n.end > start]
        exact = [i for i in overlapping if (names[i].start, names[i].end) == (start, end)]
        around = [i for i in overlapping if names[i].start <= start and names[i].end >= end]
        within = [i for i in overlapping if start <= names[i].start and names[i].end <= end]
        if (tagged.type in _SEVERAL and len(within) > 1 and len(within) == len(overlapping)
                and all(names[i].type in _SEVERAL[tagged.type] and names[i].form == "name"
                        for i in within)):
            # "ماكرون يستقبل زيلينسكي", "النصر والهلال": the model ran two known names and a
            # verb or a conjunction together
            used.update(within)
            chosen += [names[i] for i in within if names[i].form == "name"]
        elif exact and _agrees(names[exact[0]], tagged.type) and not bare_surname(
                names[exact[0]]):
            used.add(exact[0])
            chosen.append(names[exact[0]])
        elif around and not exact:
            used.update(around[:1])
            name = names[around[0]]
            if name.end == end and _category_words(norm[name.start : start]):
                # "مدينة مشهد", "وكالة فرانس برس": the name is what follows the category noun
                chosen.append(Span(start, end, name.entity_id, name.type, name.form))
            else:
                chosen.append(name)
        elif tagged.type == "ORG" and " ".join(norm[start:end].split()) in generic_names():
            continue  # البنك المركزي alone: a description, though the training corpus tags it
        elif tagged.type == "ORG" and not overlapping and _two_joined(norm[start:end]):
            # "النصر والهلال": two bodies of one word each, joined by و
            first_end = start + len(norm[start:end].split()[0])
            second = next_start(norm, first_end) + 1  # after و
            for first, last in ((start, first_end), (second, end)):
                entity_id = provisional(norm, "ORG", first, last, people, surnames)
                chosen.append(Span(first, last, entity_id, kind_of(entity_id, "organization")))
        else:
            used.update(overlapping)
            entity_id = provisional(norm, tagged.type, start, end, people, surnames)
            chosen.append(Span(start, end, entity_id, kind_of(entity_id, TYPES[tagged.type])))
    chosen = person_extents(norm, chosen, names, view.titles, tokens, lexicon, people, surnames)
    chosen = with_bodies(norm, chosen, names, lexicon, tokens)
    organizations = [(s.start, s.end) for s in chosen if s.type == "organization"]
    towns = gazetteer().towns
    previous = token_before(tokens)
    for index, name in enumerate(names):
        town = name.entity_id in towns
        if name.type == "location" and not town and any(  # باسطنبول in a consulate's name
                s <= name.start and name.end <= e and (s, e) != (name.start, name.end)
                for s, e in organizations):
            chosen.append(name)
            continue
        if index in used or bare_surname(name):
            continue
        crossing = [s for s in chosen if s.start < name.end and s.end > name.start]
        if any(s.start < name.start or s.end > name.end or (s.start, s.end) == (
                name.start, name.end) for s in crossing):
            continue  # a name found already overlaps it, or is it
        several = " " in norm[name.start : name.end] and not town  # a town needs support
        if (name.form == "demonym" or decided_by_rule(name) or (several and crossing)
                or (name.type == "person" and not several  # ترامب، لافروف: not a common word
                    and lexicon.get(norm[name.start : name.end], 0) < COMMON_WORD)
                # الحوثيين، أوبك، عسير: an organisation's or a curated region's alias is never
                # an ordinary word (those are left to ambiguity.toml)
                or name.type in ("organization", "media")
                or name.entity_id.startswith(_REGION)
                or (name.type == "location" and after_place_word(norm, name.start, previous))
                or tagging.support.get((name.start, name.end), 0.0) >= (
                    MIN_SUPPORT_SEVERAL if several else MIN_SUPPORT)):
            # A known name of several words holds the shorter names found inside it.
            chosen = [s for s in chosen if s not in crossing]
            chosen.append(name)
            if name.type == "organization":
                organizations.append((name.start, name.end))
    for start, end in sorted({*titled, *by_nationality}):
        if tagging.support.get((start, end), 0.0) < MIN_SUPPORT_TITLED:
            end = _rare_words_end(norm, start, end, lexicon) if (
                start, end) in by_nationality else start
        if end > start and not any(s.start < end and s.end > start for s in chosen):
            entity_id = provisional(norm, "PER", start, end, people, surnames)
            chosen.append(Span(start, end, entity_id, kind_of(entity_id, "person")))
    chosen += repeated_mentions(norm, chosen, tokens)
    chosen = with_institutions(norm, sorted(set(chosen)), previous)
    chosen = [_without_category_noun(norm, span) for span in chosen]
    return with_kingdom(norm, with_clubs(norm, chosen, tokens, previous), tokens, home)


def _never_a_name(text: str, kind: str) -> bool:
    """What the model tags that is never a name of its type: a person with a number in it
    (بوينغ 777: a product, a flight), a person of fewer than three letters (رو), a tribe as a
    group (بني الحارث; families and tribes are not organisations, GUIDELINES §1), a person
    named only by everyday definite words (العالم "the world", الشيخ alone: a title)."""
    words = text.split()
    if kind == "PER":
        return (any(char.isdigit() for char in text) or len("".join(words)) < _MIN_PERSON
                or all(is_definite(clitics)
                       and raw_counts().get(ARTICLE + stem, 0) >= _EVERYDAY_WORD
                       for clitics, stem in map(strip_proclitics, words)))
    return kind == "ORG" and words[:1] == [_TRIBE]


@cache
def _left_out() -> frozenset[str]:
    words = load_toml("entities", "categories.toml")["left_out"]["words"]
    return frozenset(normalize_arabic(word) for word in words)


def _without_category_noun(norm: str, span: Span) -> Span:
    """A known name written with a category noun in front (منطقة عسير, an alias of the region)
    as the guidelines mark it (§2.3: عسير) when what follows is a name of the same entry."""
    words = norm[span.start : span.end].split(" ")
    clitics, noun = strip_proclitics(words[0])
    if (len(words) < _WITH_CATEGORY or noun not in _left_out()
            or is_definite(clitics)):  # المنطقة الشرقية is one name
        return span
    rest = " ".join(words[1:])
    alias = gazetteer().aliases.get(rest)
    if alias is None or span.entity_id not in alias.ids or alias.surname:
        return span
    return Span(span.end - len(rest), span.end, span.entity_id, span.type, span.form)


def _category_words(text: str) -> bool:
    """Whether ``text`` is one or more category nouns (مدينة، وكالة، دولة) and nothing else,
    without the article: a definite one and the adjective after it are one name (المنطقة
    الشرقية, GUIDELINES §2.3), as are المدينة المنورة and الدولة الإسلامية."""
    heads = category_heads()
    words = text.split()
    return bool(words) and all(_category_word(word, heads) for word in words)


def _category_word(word: str, heads: frozenset[str]) -> bool:
    if word in heads:
        return True
    clitics, stem = strip_proclitics(word)
    return stem in heads and not is_definite(clitics)


def _agrees(name: Span, kind: str) -> bool:
    """Whether a gazetteer name keeps its entry where the tagger saw a name: always, except a
    city the model reads as an organisation, which is a club or a body named after the city
    (فاز برشلونة)."""
    return not (kind == "ORG" and name.entity_id.startswith("geonames:"))


def _rare_words_end(norm: str, start: int, end: int, lexicon: Mapping[str, int]) -> int:
    """Where the words of a candidate the model gave little weight end when two or more of
    them, from its start, are words the training corpus and the raw text seldom use and that
    carry no clitic (يايا توريه، ادين دزيكو لمصلحة → ادين دزيكو; not محملة بالأغذية): a
    foreign name the model never saw; else ``start``.
    """
    rare_end, count = start, 0
    for match in TOKEN.finditer(norm, start, end):
        if strip_proclitics(match.group())[0] or not is_rare(match.group(), lexicon):
            break  # بالأغذية, كواليس (ك + واليس): a word with clitics is not a foreign name
        rare_end, count = match.end(), count + 1
    return rare_end if count >= _MIN_RARE_NAME else start


def _two_joined(text: str) -> bool:
    """Whether ``text`` is two definite words joined by و (النصر والهلال)."""
    words = text.split()
    return (len(words) == _BODIES_JOINED and words[0].startswith(ARTICLE)
            and words[1].startswith("و" + ARTICLE) and min(map(len, words)) >= _MIN_BODY_WORD)
