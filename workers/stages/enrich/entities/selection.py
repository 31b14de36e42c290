"""Gazetteer names in a normalised text: the automaton's hits, filtered and chosen.

Hits that fail their ambiguity rule or are short all-caps Latin words in a shouting line are
dropped; the leftmost-longest non-overlapping hits are kept, plus places named inside an
organisation's name; a shared surname goes to the person whose full name the text used.
The tagger reads these spans as features and the linker gives their ids to its mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from workers.record import MentionForm
from workers.stages.enrich.entities.automaton import Hit, scan, trigger_words
from workers.stages.enrich.entities.context import rule_holds
from workers.stages.enrich.entities.gazetteer import GazetteerEntry, gazetteer, topics
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.tagger.features import CONJUNCTIONS, PREPOSITIONS

KIND = {"person": "PER", "location": "LOC", "organization": "ORG", "media": "ORG"}

_NO_ENTRY = GazetteerEntry("", "location", "", None)
_CAPS_GUARD_LETTERS = 12
_CAPS_GUARD_RATIO = 0.6
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_ASCII_UPPER_RE = re.compile("[A-Z]")
_PREPOSITIONS = frozenset(PREPOSITIONS)
_LOOK_BACK = 40  # characters before a name that hold the word before it

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
    about: frozenset[str] | None = None  # the text's topics, read once, when a rule asks
    for hit in hits:
        if hit.title:
            continue
        key = hit.key
        alias = aliases[key]
        rule = alias.rule
        if rule is not None:
            if rule.topic and about is None:
                about = topics(text)
            chosen = rule.entity if rule_holds(rule, text, hit, about or frozenset()) else (
                rule.otherwise)
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


def _reads_as_name(text: str, hit: Hit) -> bool:
    """Whether a word that is a country's name and its adjective (السعودية) is the name here:
    with a preposition on it (للسعودية، بالسعودية: an adjective takes none), first on its line
    or after punctuation, or after a particle or a common verb (من السعودية، وقالت السعودية);
    after another word it qualifies that word (الحكومة السعودية، زين السعودية)."""
    if any(letter in hit.clitic for letter in _PREPOSITIONS):
        return True
    start = hit.start - len(hit.clitic)
    before = text[max(0, start - _LOOK_BACK) : start].rstrip(" ")
    if not before or before.endswith("\n") or not before[-1].isalpha():
        return True
    previous = before.split()[-1]
    stopwords = trigger_words().stopwords
    return previous in stopwords or (previous[0] in CONJUNCTIONS and previous[1:] in stopwords)


def select(text: str, hits: list[Hit]) -> list[Span]:
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
            form: MentionForm = "demonym" if entity_id in index.demonyms.get(hit.key, ()) and not (
                hit.key in index.names_and_adjectives and _reads_as_name(text, hit)) else "name"
            spans.append(Span(hit.start, hit.end, entity_id, entries[entity_id].type, form))
    return spans


def titles_outside(titles: list[Hit], spans: list[Span]) -> list[Hit]:
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




class GazetteerView(NamedTuple):
    """What the gazetteer finds in one normalised text."""

    spans: list[Span]  # chosen names, sorted, not overlapping
    titles: list[Hit]  # every title hit
    marks: list[tuple[int, int, str]]  # the spans as tagger features: PER, LOC, ORG or DEM


def read_gazetteer(norm: str) -> GazetteerView:
    """Scan ``norm`` once and choose its gazetteer names."""
    hits = scan(norm)
    spans = select(norm, hits)
    towns = gazetteer().towns
    marks = [(s.start, s.end, "DEM" if s.form == "demonym" else
              "TOWN" if s.entity_id in towns else KIND[s.type]) for s in spans]
    return GazetteerView(spans, [hit for hit in hits if hit.title], sorted(marks))
