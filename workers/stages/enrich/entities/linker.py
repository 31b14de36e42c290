"""The linker: the tagger says where the names are, the gazetteer says who they are.

Each span the tagger found is given a gazetteer entry when one covers it (its id, canonical
names, ISO code, GeoNames id, coordinates); a longer gazetteer name around it wins (the short
form "مجلس الأمن" inside "مجلس الأمن الدولي") unless what it adds is a category noun in front
(مدينة مشهد: the mention is مشهد, linked); a longer tagged name around gazetteer names wins too
(the person inside "جامعة الملك سعود" is not a mention), except two known people the model ran
together. A tagged span the gazetteer does not know keeps the tagger's type and a provisional
id (``person:~…``, ``org:~…``, ``place:~…``, from its normalised words), or the id of the entry
it is an alias of; a person's single name that ends a longer person's name used in the same
article is that person. What the model tags that is never a name of its type is dropped (a
person with a number, a tribe as an organisation). Bodies and facilities found by their head
noun (:mod:`bodies`) come next, and a state body with a country adjective (الحكومة اليمنية) is
one organisation.

A gazetteer name the tagger did not propose is kept only when the context supports it: a
country adjective or nationality (a ``demonym`` mention), a name its ambiguity rule decided, a
curated name of several words, a curated person's surname that is not a common word, or one
word the model itself thinks likely to be part of a name (``MIN_SUPPORT``). That is what keeps
سيول ("floods") from being Seoul and اليمنى ("right") from being Yemen. A family name alone
(الصباح) is not the curated person of that family unless the full name came first. GeoNames
towns always need the model's support. Last, every other occurrence of a name found (and a
person's surname after the full name) is a mention too.

Where the tagged span starts: the model tags whole tokens, clitics included (``وبالرياض``); the
mention starts where the gazetteer name starts inside the token, otherwise after a conjunction
and preposition when what is left is a word the text or the training corpus uses more often
than the whole token (وكيري → كيري, but واشنطن and بيروت stay whole), or, for a token the raw
text never uses, a word it does (بفابيان → فابيان).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache

from workers.stages.enrich.entities.automaton import Hit, trigger_words
from workers.stages.enrich.entities.bodies import (
    COMMON_WORD,
    dropped_heads,
    find_bodies,
    generic_names,
    is_facility,
    is_rare,
)
from workers.stages.enrich.entities.gazetteer import gazetteer
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.selection import GazetteerView
from workers.stages.enrich.entities.tagger.features import (
    CONJUNCTIONS,
    PREPOSITIONS,
    RawCounts,
    category_heads,
    given_names,
    raw_counts,
    strip_proclitics,
)
from workers.stages.enrich.entities.tagger.model import Tagged, Tagging
from workers.stages.enrich.entities.tagger.tokens import TOKEN, Token, tokenize
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml

MIN_SUPPORT = 0.5
MIN_SUPPORT_SEVERAL = 0.0
MIN_SUPPORT_TITLED = 0.2
_TYPE = {"PER": "person", "LOC": "location", "ORG": "organization"}
_PROVISIONAL = {"PER": "person:~", "LOC": "place:~", "ORG": "org:~"}
# Tagged types whose span, when it holds only known names of its kind, is those names apart.
_SEVERAL = {"PER": frozenset({"person"}), "ORG": frozenset({"organization", "media"})}
_MIN_REST = 2
_MIN_RAW_WORD = 4
_PROCLITIC_LETTERS = frozenset(CONJUNCTIONS + PREPOSITIONS)
_MIN_SURNAME = 3
_FAMILY = "ال"  # آل "the family of", as the normalised text writes it
_SON_OF = frozenset({"بن", "بنت"})  # "son of", "daughter of": a given name comes before them
_ARTICLE = "ال"  # the definite article


def _prefix_cuts(word: str) -> list[int]:
    """How many leading letters could be clitics: a conjunction, then a preposition."""
    cuts = []
    first = 1 if word[:1] in CONJUNCTIONS else 0
    if first:
        cuts.append(1)
    if word[first : first + 1] in PREPOSITIONS:
        cuts.append(first + 1)
    return [cut for cut in cuts if len(word) - cut >= _MIN_REST]


def clitic_length(word: str, counts: Mapping[str, int], raw: RawCounts | None = None) -> int:
    """How many letters of the first word of a tagged name are clitics, not name.

    ``counts`` tells how often a word stands alone (in the article and the training corpus).
    ``raw`` (how often the raw text uses a word) decides only what they leave open, for a
    whole word the raw text never uses: بفابيان → فابيان, a word it knows; but ليستر, which it
    knows, stays whole though يستر ("veils") is commoner, and a short rest is never taken
    (ليو, not يو).
    """
    cuts = _prefix_cuts(word)
    if not cuts:
        return 0
    for cut in cuts:  # للرياض = ل + (ا)لرياض, للندن = ل + لندن: the span starts at the second ل
        if word[cut - 1 : cut + 1] == "لل":
            return cut
    for cut in reversed(cuts):  # والرياض, بالرياض, وبالرياض
        if word[cut:].startswith("ال") and len(word) - cut > len("ال") + 1:
            return cut
    for cut in reversed(cuts):  # لمحمد, ولأحمد: a given name after the clitics
        if word[cut:] in given_names():
            return cut
    best, best_count = 0, counts.get(word, 0)
    for cut in cuts:
        count = counts.get(word[cut:], 0)
        if count > best_count:
            best, best_count = cut, count
    if best or raw is None or word in raw:
        return best
    for cut in reversed(cuts):
        if len(word) - cut >= _MIN_RAW_WORD and word[cut:] in raw:
            return cut
    return 0


def _trim(tagged: Tagged, names: list[Span], counts: Mapping[str, int]) -> tuple[int, int]:
    token_end = tagged.start + len(tagged.first_token)
    for name in names:
        if tagged.start < name.start < token_end and name.end <= tagged.end:
            return name.start, tagged.end
    return tagged.start + clitic_length(tagged.first_token, counts, raw_counts()), tagged.end


def _slug(text: str) -> str:
    return "-".join(word.lower() for word in text.split())


def _known(norm: str, start: int, end: int, kind: str) -> str | None:
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


def _kind_of(entity_id: str, default: str) -> str:
    entry = gazetteer().entries.get(entity_id)
    return entry.type if entry is not None else default


def _provisional(norm: str, kind: str, start: int, end: int,
                 people: dict[str, str], surnames: dict[str, str]) -> str:
    """The provisional id of an unknown name; a person's lone name may be an earlier person's."""
    text = " ".join(norm[start:end].split())
    known = _known(norm, start, end, kind)
    if known:
        return known
    if kind == "PER":
        if " " not in text and text in surnames:
            return surnames[text]
        entity_id = people.setdefault(text, _PROVISIONAL[kind] + _slug(text))
        if " " in text:
            surnames.setdefault(text.rsplit(" ", 1)[1], entity_id)
        return entity_id
    return _PROVISIONAL[kind] + _slug(text)


def link(norm: str, view: GazetteerView, tagging: Tagging, lexicon: Mapping[str, int],
         titled: Sequence[tuple[int, int]] = (), tokens: Sequence[Token] | None = None,
         ) -> list[Span]:
    """The article's mentions: tagged spans linked to the gazetteer, the gazetteer names the
    context supports, and the people after a title (``titled``) the model finds plausible.
    Sorted by start; only a place inside an organisation's name overlaps another mention."""
    if tokens is None:
        tokens = tokenize(norm).all
    counts = Counter(norm.split())
    for word in counts:
        counts[word] += lexicon.get(word, 0)
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
                and (alias.key.startswith("ال") or len(alias.ids) > 1))

    def decided_by_rule(name: Span) -> bool:
        """A name whose ambiguity rule (ambiguity.toml) read the context already."""
        alias = aliases.get(norm[name.start : name.end])
        return alias is not None and alias.rule is not None

    for tagged in tagging.spans:
        start, end = _trim(tagged, names, counts)
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
        else:
            used.update(overlapping)
            entity_id = _provisional(norm, tagged.type, start, end, people, surnames)
            chosen.append(Span(start, end, entity_id, _kind_of(entity_id, _TYPE[tagged.type])))
    chosen = _person_extents(norm, chosen, names, view.titles, tokens, lexicon, people, surnames)
    chosen = _with_bodies(norm, chosen, names, lexicon, tokens)
    organizations = [(s.start, s.end) for s in chosen if s.type == "organization"]
    towns = gazetteer().towns
    previous = {tokens[i + 1].start: tokens[i] for i in range(len(tokens) - 1)}
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
                or (name.type == "location" and _after_place_word(norm, name.start, previous))
                or tagging.support.get((name.start, name.end), 0.0) >= (
                    MIN_SUPPORT_SEVERAL if several else MIN_SUPPORT)):
            # A known name of several words holds the shorter names found inside it.
            chosen = [s for s in chosen if s not in crossing]
            chosen.append(name)
            if name.type == "organization":
                organizations.append((name.start, name.end))
    for start, end in titled:
        if tagging.support.get((start, end), 0.0) >= MIN_SUPPORT_TITLED and not any(
                s.start < end and s.end > start for s in chosen):
            entity_id = _provisional(norm, "PER", start, end, people, surnames)
            chosen.append(Span(start, end, entity_id, _kind_of(entity_id, "person")))
    chosen += _repeated(norm, chosen, tokens)
    chosen = _institutions(norm, sorted(set(chosen)), previous)
    return _clubs(norm, chosen, tokens)


@cache
def _institution_words() -> frozenset[str]:
    data = load_toml("entities", "categories.toml")["institutions"]["words"]
    return frozenset(normalize_arabic(word) for word in data)


def _institutions(norm: str, chosen: list[Span], previous: Mapping[int, Token]) -> list[Span]:
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
        clitics, stem = strip_proclitics(token.text)
        if stem not in _institution_words() or not clitics.endswith((_ARTICLE, "لل")) or any(
                s < token.end and e > token.start for s, e in taken):
            continue
        start = token.start + len(clitics) - (1 if clitics.endswith("لل") else 2)
        name = f"{_ARTICLE}{stem} {norm[span.start : span.end]}"  # one id for both spellings
        result.append(Span(start, span.end, _PROVISIONAL["ORG"] + _slug(name),
                           "organization", "name"))
    return sorted(result)


_UNITED = "يونايتد"
_TOWN_AND_CLUB_WORD = 2  # نيوكاسل يونايتد: a town of one word
_CLUB_WORDS = frozenset({"سيتي", "ستي", _UNITED})


def _clubs(norm: str, chosen: list[Span], tokens: Sequence[Token]) -> list[Span]:
    """Clubs named after their town, read off the way sports news names them: the town and
    سيتي or يونايتد (مانشستر سيتي، نيوكاسل يونايتد), or the town and a masculine country
    adjective, which agrees with نادي and not with مدينة (روما الإيطالي, فولفسبورغ الألماني; the
    city is روما الإيطالية). Every other mention of that town in the article is the club too."""
    after = {token.start: token for token in tokens}
    by_start = {span.start: span for span in chosen}
    clubs: dict[str, tuple[str, str]] = {}  # the town's words -> (club id, its type)
    widened: dict[Span, Span] = {}
    for span in chosen:
        if span.type not in ("location", "organization") or span.form != "name" or (
                span.entity_id.startswith("country:")) or is_facility(norm[span.start : span.end]):
            continue  # ميناء مليلية الإسباني: the adjective agrees with the port, not a club
        following = after.get(_next_start(norm, span.end))
        if following is None or "\n" in norm[span.end : following.start]:
            continue
        adjective = by_start.get(following.start)
        if following.text in _CLUB_WORDS:
            end = following.end
        elif (span.type == "location" and adjective is not None
                and adjective.form == "demonym"
                and not norm[adjective.start : adjective.end].endswith("ه")):
            end = span.end
        else:
            continue
        club = _known(norm, span.start, end, "ORG") or _PROVISIONAL["ORG"] + _slug(
            norm[span.start : end])
        if end == span.end:  # the town alone names the club: its other mentions are the club
            town = " ".join(norm[span.start : span.end].split())
            club, kind = clubs.setdefault(town, (club, _kind_of(club, "organization")))
        else:  # مانشستر سيتي: the town alone stays ambiguous (مانشستر يونايتد)
            kind = _kind_of(club, "organization")
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
                               _kind_of(club_id, "organization"), "name"))
    for span in chosen:
        town = " ".join(norm[span.start : span.end].split())
        if span in widened:
            result.append(widened[span])
        elif town in clubs and span.form == "name" and span.type in ("location", "person"):
            result.append(Span(span.start, span.end, *clubs[town], "name"))
        else:
            result.append(span)
    return sorted(set(result))


def _person_extents(norm: str, chosen: list[Span], names: list[Span], titles: Sequence[Hit],
                    tokens: Sequence[Token], lexicon: Mapping[str, int],
                    people: dict[str, str], surnames: dict[str, str]) -> list[Span]:
    """Where the names of unknown people start and end, as the annotation guidelines read
    them: without a title the model took in (الملك سلمان → سلمان, محمد بن سلمان ولي → without
    ولي), with the given name before a ``بن`` the model started on (بيشي بن عيسى الصرخي) when
    it is a given name or a rare word and not a title, and with the family name that follows
    (ساعد بن سعد العرابي الحارثي, حمد بن مشنان آل مبارك): ``آل`` and the next word, or a
    definite word that is rare (:func:`is_rare`: in the training corpus and in the raw text)
    and not a name the gazetteer knows. How often the article uses the word is not asked: news
    repeats a family name (الحارثي seven times in one article)."""
    starts = {token.start: index for index, token in enumerate(tokens)}
    known = [(n.start, n.end) for n in names]
    stop = trigger_words().stopwords
    result: list[Span] = []
    taken: set[int] = set()  # starts of single-word spans absorbed as a family name
    for span in sorted(chosen):
        if span.start in taken:
            continue
        if span.type != "person" or span.form != "name":
            result.append(span)
            continue
        start, end = span.start, span.end
        for title in titles:
            if title.start <= start < title.end < end:  # "الملك سلمان": the title in front
                start = _next_start(norm, title.end)
            elif start < title.start < end <= title.end:  # "… بن عبد العزيز ولي": behind
                end = len(norm[:title.start].rstrip())
        index = starts.get(start)
        if index and start == span.start and tokens[index].text in _SON_OF:
            before = tokens[index - 1]
            if (norm[before.end : start].isspace() and "\n" not in norm[before.end : start]
                    and before.text.isalpha() and before.text not in stop
                    and (before.text in given_names() or is_rare(before.text, lexicon))
                    and not any(s < before.end and e > before.start for s, e in known)
                    and not any(title.start < before.end and title.end > before.start
                                for title in titles)):
                start = before.start
        for name in names:  # "محمد بن نايف الرياض": a known place ends what the model ran on,
            # but not the name after بن (نايف is a place too)
            if (name.type == "location" and start < name.start and name.end == end
                    and not _SON_OF.intersection(norm[start : name.start].split()[-1:])):
                end = len(norm[: name.start].rstrip())
        if norm[start:end].split()[-1:] == [_FAMILY]:  # "آل" ended the span: its family name
            index = starts.get(_next_start(norm, end))
            if index is not None:
                taken.add(tokens[index].start)
                end = tokens[index].end
        index = starts.get(_next_start(norm, end))
        while index is not None and index < len(tokens):
            word = tokens[index]
            if norm[end : word.start].strip():
                break
            follow = tokens[index + 1] if index + 1 < len(tokens) else None
            if word.text == _FAMILY and follow is not None:  # آل, normalised: "آل مبارك"
                end = follow.end
                index += 2
            elif (word.text.startswith("ال") and len(word.text) > len("ال") + 2
                    and word.text not in stop and is_rare(word.text, lexicon)
                    and not any(s < word.end and e > word.start for s, e in known)):
                taken.add(word.start)
                end = word.end
                index += 1
            else:
                break
        if (start, end) == (span.start, span.end) or start >= end:
            result.append(span)
            continue
        entity_id = span.entity_id
        if entity_id.startswith(_PROVISIONAL["PER"]):
            entity_id = _provisional(norm, "PER", start, end, people, surnames)
        result.append(Span(start, end, entity_id, span.type, span.form))
    return [s for s in result if not (s.start in taken and s.type == "person"
                                      and " " not in norm[s.start : s.end])]


def _next_start(norm: str, position: int) -> int:
    """The first position at or after ``position`` that is not white space."""
    return position + len(norm[position:]) - len(norm[position:].lstrip())


def _with_bodies(norm: str, chosen: list[Span], names: list[Span],
                 lexicon: Mapping[str, int], tokens: Sequence[Token]) -> list[Span]:
    """Add the names of bodies and facilities (:mod:`bodies`): such a name holds the names
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
                entity_id = _known(norm, start, end, "LOC") or _PROVISIONAL["LOC"] + _slug(
                    norm[start:end])
                result = [s for s in result if s not in inside]
                result.append(Span(start, end, entity_id, _kind_of(entity_id, "location")))
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
            entity_id = _known(norm, start, end, "ORG") or _PROVISIONAL["ORG"] + _slug(
                norm[start:end])
            result.append(Span(start, end, entity_id, _kind_of(entity_id, "organization")))
        else:
            result.append(Span(start, end, entry.entity_id, entry.type))
    return result


_REGION = "region:"  # the curated regions of regions.toml
_MIN_PERSON = 3
_TRIBE = "بني"  # "the sons of": a tribe, as a group


@cache
def _place_words() -> frozenset[str]:
    words = load_toml("entities", "categories.toml")["places"]["before"]
    return frozenset(normalize_arabic(word) for word in words)


def _after_place_word(norm: str, start: int, previous: Mapping[int, Token]) -> bool:
    """Whether the word before ``start`` (``previous``: each token's start -> the token before
    it; same line, one space) says a place follows (محافظ الطائف، مدينة جدة)."""
    before = previous.get(start)
    return (before is not None and norm[before.end : start] == " "
            and before.text in _place_words())


def _never_a_name(text: str, kind: str) -> bool:
    """What the model tags that is never a name of its type: a person with a number in it
    (بوينغ 777: a product, a flight), a person of fewer than three letters (رو), a tribe as a
    group (بني الحارث; families and tribes are not organisations, GUIDELINES §1)."""
    words = text.split()
    if kind == "PER":
        return any(char.isdigit() for char in text) or len("".join(words)) < _MIN_PERSON
    return kind == "ORG" and words[:1] == [_TRIBE]


def _known_kind(span: Span) -> str:
    """A name's type as :func:`find_bodies` reads it: a country adjective is ``demonym``."""
    return "demonym" if span.form == "demonym" else span.type


def _repeated(norm: str, chosen: list[Span], tokens: Sequence[Token]) -> list[Span]:
    """Other occurrences of names already found in the article, and the surname alone of a
    person named in full ("سيغموند فرويد … فرويد"): news repeats a name in contexts the
    model reads less surely than the first one. Whole words, after clitics (و ف, then ب ل ك),
    on one line; not a stop word."""
    stopwords = trigger_words().stopwords
    known: dict[str, Span] = {}
    for span in chosen:
        if span.form != "name":
            continue
        words = norm[span.start : span.end].split()
        known.setdefault(" ".join(words), span)
        if span.type == "person" and len(words) > 1 and len(words[-1]) >= _MIN_SURNAME:
            known.setdefault(words[-1], span)
    by_first: dict[str, list[list[str]]] = {}
    for key in sorted(known, key=lambda k: (-len(k), k)):  # longest first
        words = key.split()
        if len(key) >= _MIN_SURNAME and key not in stopwords and all(
                TOKEN.fullmatch(word) for word in words):
            by_first.setdefault(words[0], []).append(words)
    if not by_first:
        return []
    taken = [(span.start, span.end) for span in chosen]
    found: list[Span] = []
    for index, (word, word_start, _word_end) in enumerate(tokens):
        for cut in (0, *_prefix_cuts(word)) if word[:1] in _PROCLITIC_LETTERS else (0,):
            for words in by_first.get(word[cut:], ()):
                end = _phrase_end(norm, tokens, index, words)
                start = word_start + cut
                if end < 0 or any(s < end and e > start for s, e in taken):
                    continue
                span = known[" ".join(words)]
                found.append(Span(start, end, span.entity_id, span.type, span.form))
                taken.append((start, end))
                break
    return found


def _phrase_end(norm: str, tokens: Sequence[Token], index: int,
                words: list[str]) -> int:
    """Where ``words`` end when they continue token ``index`` (spaces between, one line), or
    -1."""
    if index + len(words) > len(tokens):
        return -1
    for offset, word in enumerate(words[1:], 1):
        text, start, _end = tokens[index + offset]
        gap = norm[tokens[index + offset - 1][2] : start]
        if text != word or not gap or not gap.isspace() or "\n" in gap:
            return -1
    return tokens[index + len(words) - 1][2]


def _category_words(text: str) -> bool:
    """Whether ``text`` is one or more category nouns (مدينة، وكالة، دولة) and nothing else."""
    words = text.split()
    heads = category_heads()
    return bool(words) and all(word in heads or strip_proclitics(word)[1] in heads
                               for word in words)


def _agrees(name: Span, kind: str) -> bool:
    """Whether a gazetteer name keeps its entry where the tagger saw a name: always, except a
    city the model reads as an organisation, which is a club or a body named after the city
    (فاز برشلونة)."""
    return not (kind == "ORG" and name.entity_id.startswith("geonames:"))
