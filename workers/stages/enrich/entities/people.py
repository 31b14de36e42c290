"""People introduced by a title or role: candidates for the linker, weighed by the tagger.

"وزير الخارجية التركي هاكان فيدان": after a title (triggers.toml) the walker skips what
qualifies the title — countries, organisations, modifiers such as السابق, a connector such as
لدى or باسم when an entity follows, one comma — and takes the next 2-3 name-like words: not a
particle or common verb, not "to the" (للاعبين), starting with the article ال only after
عبد/أبو/بن or as the last word (a family name: خالد العلي), capitalised when Latin, separated by
single spaces. A known person there ends the walk (the title only introduces them). Two words at
least, because a single word after a title is too often a verb or a noun. The walk alone is
noisy ("لوقف اطلاق النار" after a title), so the linker keeps a candidate only when the tagger
gives it some weight.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from workers.record import MentionForm
from workers.stages.enrich.entities.automaton import Hit, trigger_words
from workers.stages.enrich.entities.bodies import is_rare
from workers.stages.enrich.entities.tagger.features import ARTICLE, TO_THE, given_names
from workers.stages.enrich.entities.tagger.tokens import TOKEN, Token

_MIN_WORDS = 2
_MAX_WORDS = 3
_NAME_JOINERS = frozenset({"عبد", "ابو", "بن", "ابن", "ام", "ال"})  # ال = آل (family)
_COMMAS = frozenset("،,")
_FREE_NOUNS = 2
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "كم")
_AND = "و"
_MASCULINE = "ي"  # the nisba ending of a masculine singular adjective: البوسني
_WORD_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك")


class Span(NamedTuple):
    """A selected mention in the normalised text."""

    start: int
    end: int
    entity_id: str
    type: str
    form: MentionForm = "name"  # "demonym": a country adjective or nationality (الروسي، الروس)


def _is_name_word(word: str, previous: str | None, stopwords: frozenset[str]) -> bool:
    """Not a particle or verb from the list (also behind a clitic), no pronoun suffix."""
    if not word.isalpha():
        return False
    if word.isascii():
        return word[0].isupper() and word not in stopwords
    if word == "ال":
        return previous is not None  # آل in a family name (آل ثاني، آل صادق)
    if word in stopwords or word.endswith(_PRONOUN_SUFFIXES):
        return False
    for clitic in _WORD_CLITICS:
        if word.startswith(clitic) and word[len(clitic) :] in stopwords:
            return False
    if word.startswith(TO_THE):  # للاعبين "to the players": ل + ال, never part of a name
        return False
    return not (word.startswith(ARTICLE) and previous not in _NAME_JOINERS)


def _entity_at(spans: dict[int, Span], start: int, end: int) -> Span | None:
    for offset in range(min(3, end - start)):
        span = spans.get(start + offset)
        if span is not None:
            return span
    return None


def _walk(
    text: str, pos: int, spans: dict[int, Span], titles: dict[int, int], comma: bool = True
) -> list[re.Match[str]]:
    words = trigger_words()
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    skip_until = pos
    comma_used = False
    connector_pending = False
    free_nouns = _FREE_NOUNS
    name: list[re.Match[str]] = []
    for token in TOKEN.finditer(text, pos, line_end):
        start, word = token.start(), token.group()
        if name:
            previous = name[-1]
            if (
                sum(t.group() not in _NAME_JOINERS for t in name) >= _MAX_WORDS
                or text[previous.end() : start] != " "
                or _entity_at(spans, start, token.end()) is not None
            ):
                break
            if _is_name_word(word, previous.group(), words.stopwords):
                name.append(token)
                continue
            if _is_name_word(word, "ابن", words.stopwords):
                name.append(token)  # a family name with the article ends the name: خالد العلي
            break
        if start < skip_until:
            continue
        entity = _entity_at(spans, start, token.end())
        if entity is not None:
            if entity.type == "person":
                return []
            skip_until, connector_pending = entity.end, False
            continue
        definite = word.startswith(ARTICLE) and len(word) > 3 and word not in words.stopwords
        if definite and free_nouns:
            # Definite words naming the body: "مدير المستشفى X", "قائد القوات البرية X".
            free_nouns, connector_pending = free_nouns - 1, False
            continue
        if connector_pending:
            return []
        title_end = titles.get(start, -1)
        if title_end > start:
            skip_until = title_end
        elif word in words.modifiers:
            continue
        elif word in words.connectors:
            connector_pending = True
        elif word in _COMMAS and comma and not comma_used:
            comma_used = True
        elif _is_name_word(word, None, words.stopwords) and not (comma_used and word[0] == "و"):
            name.append(token)  # after a comma, و… starts a new clause ("، وبحثا")
        else:
            return []
    return name if len(name) >= _MIN_WORDS else []


def _after_person(text: str, start: int, person_ends: set[int]) -> bool:
    index = start
    while index > 0 and text[index - 1] in " ،,":
        index -= 1
    return index in person_ends


def titled_names(text: str, spans: list[Span], titles: list[Hit],
                 all_titles: list[Hit]) -> list[tuple[int, int]]:
    """(start, end) of the name-like words after each title that introduces a person not
    named in ``spans``: candidates the linker keeps when the tagger finds them plausible."""
    by_start = {span.start: span for span in spans}
    person_ends = {span.end for span in spans if span.type == "person"}
    title_cover: dict[int, int] = {}  # each word start inside a title -> where the title ends
    for hit in all_titles:
        index = hit.start
        while 0 <= index < hit.end:
            title_cover[index] = max(title_cover.get(index, -1), hit.end)
            index = text.find(" ", index, hit.end) + 1 or -1
    found: list[tuple[int, int]] = []
    for title in titles:
        if _after_person(text, title.start, person_ends):
            continue  # "قسطنطين كوساتشوف نائب رئيس …": the title describes the name before it
        tokens = _walk(text, title.end, by_start, title_cover)
        if tokens:
            found.append((tokens[0].start(), tokens[-1].end()))
    return found


def nationality_names(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """(start, end) of the name-like words right after a masculine country adjective ("والعاجي
    يايا توريه", "مهاجمه البوسني ادين دزيكو": sport and world news name people by
    nationality), by the walk that follows a title, with no comma in between: candidates the
    linker keeps when the tagger finds them plausible or their words are rare. A feminine or
    plural adjective qualifies a noun before it (مسيرات أوكرانية هاجمت مصفاة)."""
    by_start = {span.start: span for span in spans}
    person_ends = {span.end for span in spans if span.type == "person"}
    found: list[tuple[int, int]] = []
    for span in spans:
        word = text[span.start : span.end]
        if (span.form != "demonym" or " " in word or not word.startswith(ARTICLE)
                or not word.endswith(_MASCULINE) or _after_person(text, span.start, person_ends)):
            continue
        tokens = _walk(text, span.end, by_start, {}, comma=False)
        if tokens:
            found.append((tokens[0].start(), tokens[-1].end()))
    return found


def family_named(text: str, spans: list[Span], tokens: Sequence[Token],
                 lexicon: Mapping[str, int]) -> list[tuple[int, int]]:
    """(start, end) of a given name (given_names.toml, also after و) followed by a definite word
    that the training corpus and the raw text seldom use, a family name: "تركي المطيري", "وفهد
    المفرج" → فهد المفرج. Sport and local news name people so, with no title in front. Neither
    word may be part of a known name. Candidates the linker keeps when the tagger finds them
    plausible, as it does the names after a title."""
    names = given_names()
    stop = trigger_words().stopwords
    known = [(s.start, s.end) for s in spans]
    found: list[tuple[int, int]] = []
    for first, second in itertools.pairwise(tokens):
        start = first.start
        if first.text not in names:
            if first.text[:1] != _AND or first.text[1:] not in names:
                continue
            start += len(_AND)
        family = second.text
        if (text[first.end : second.start] == " " and family.startswith(ARTICLE)
                and len(family) > len(ARTICLE) + 2 and family not in stop
                and is_rare(family, lexicon)
                and not any(s < second.end and e > start for s, e in known)):
            found.append((start, second.end))
    return found
