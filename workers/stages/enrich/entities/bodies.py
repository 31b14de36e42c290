"""Names of bodies found by their head noun: ministries, authorities, universities, banks.

The tagger learned from ANERcorp, which leaves "وزارة الخارجية" untagged, so it never proposes
such names, though users search for them ("the Ministry of Interior" is a name in English).
A head from ``categories.toml`` (``[bodies]``) followed by definite words or names is one:
"وزارة الداخلية السعودية", "هيئة السوق المالية", "المديرية العامة للدفاع المدني", "جامعة الملك
سعود". The name stops at the first word that is not definite and not part of a name, at a stop
word or a time word (أعلنت وزارة الداخلية اليوم), and after ``MAX_WORDS``. After a head that is
left out of a name (شركة، نادي، وكالة) the name is the word that follows, when the training
corpus does not use it as an ordinary word (شركة سابك, not شركة كبرى).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import NamedTuple

from workers.stages.enrich.entities.automaton import CLITICS, trigger_words
from workers.stages.enrich.entities.tagger.tokens import Token, tokenize
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml

MAX_WORDS = 6
# A body is named after و/ف and ب/ل, not after ك "like": كوزارة compares, it does not name.
_HEAD_CLITICS = tuple(sorted(clitic for clitic in CLITICS if "ك" not in clitic))
COMMON_WORD = 3  # a word the training corpus uses this often is an ordinary word
_ARTICLE = "ال"
_MIN_WORD = 3


class Body(NamedTuple):
    """A body's name in the normalised text; ``name_start`` is where what follows the head
    starts (the name itself when the head is left out)."""

    start: int
    end: int
    name_start: int


@cache
def _heads() -> tuple[dict[tuple[str, ...], bool], frozenset[str], frozenset[str]]:
    """Head (as words) -> whether it is part of the name; the words that end a name; the
    honorifics a person's name may follow inside a body's name."""
    data = load_toml("entities", "categories.toml")["bodies"]
    heads: dict[tuple[str, ...], bool] = {}
    for kept, words in ((True, data["kept"]), (False, data["dropped"])):
        for head in words:
            heads[tuple(normalize_arabic(head).split())] = kept
    stop = frozenset(normalize_arabic(w) for w in data["stop"]) | trigger_words().stopwords
    honorifics = frozenset(normalize_arabic(w).split()[-1] for w in data["honorifics"])
    return heads, stop, honorifics


def dropped_heads() -> list[str]:
    """The heads left out of a name (شركة، نادي), normalised."""
    return sorted(" ".join(head) for head, kept in _heads()[0].items() if not kept)


def _definite(word: str, stop: frozenset[str]) -> bool:
    """An article word (or ل + article written لل) that is not a stop word."""
    if word in stop or len(word) <= _MIN_WORD:
        return False
    return word.startswith(_ARTICLE) or (word.startswith("لل") and len(word) > _MIN_WORD + 1)


def find_bodies(norm: str, names: Sequence[tuple[int, int, str]], counts: Mapping[str, int],
                tokens: Sequence[Token] | None = None) -> list[Body]:
    """Every body's name in normalised ``norm``. ``names`` are the (start, end, type) of names
    already found: a place or body may continue a body's name (أمانة منطقة الرياض), a person
    only after an honorific (جامعة الملك سعود), never one after a conjunction."""
    heads, stop, honorifics = _heads()
    if tokens is None:
        tokens = tokenize(norm).all
    name_at = {start: (end, kind) for start, end, kind in names}
    found: list[Body] = []
    index = 0
    while index < len(tokens):
        head = _head_at(tokens, index, heads)
        if head is None:
            index += 1
            continue
        start, size, kept = head
        position = index + size
        end = -1
        while position < len(tokens) and position - index - size < MAX_WORDS:
            word, word_start, _word_end = tokens[position]
            if "\n" in norm[tokens[position - 1][2] : word_start]:
                break
            end_kind = name_at.get(word_start)
            if end_kind is not None and (
                    end_kind[1] != "person" or tokens[position - 1][0] in honorifics):
                end = end_kind[0]
                while position < len(tokens) and tokens[position][1] < end:
                    position += 1
            elif (_definite(word, stop) or _continues(tokens, position, stop)) if kept else (
                    position == index + size and _unknown_word(word, stop, counts)):
                end = tokens[position][2]
                position += 1
            else:
                break
            if not kept:
                break
        if end > 0:
            name_start = tokens[index + size][1]
            found.append(Body(start if kept else name_start, end, name_start))
            index = position
        else:
            index += size
    return found


_GENERAL = "العام"  # "general" in a name (مستشفى جازان العام), "the year" in a sentence
_YEAR_WORDS = frozenset({"الماضي", "المقبل", "الحالي", "الجاري", "المنصرم", "القادم"})


def _continues(tokens: Sequence[Token], position: int, stop: frozenset[str]) -> bool:
    """Two words a body's name goes on with though the stop list or the article test would end
    it: العام "general" unless a year word or a number follows (العام الماضي), and a genitive
    with ل before a definite word (لسلامة النقل، لتحلية المياه، لكرة القدم)."""
    word = tokens[position].text
    after = tokens[position + 1].text if position + 1 < len(tokens) else ""
    if word == _GENERAL:
        return after not in _YEAR_WORDS and not after.isdigit()
    return (word.startswith("ل") and not word.startswith("لل") and len(word) > _MIN_WORD + 1
            and word not in stop and _definite(after, stop))


def _unknown_word(word: str, stop: frozenset[str], counts: Mapping[str, int]) -> bool:
    return (word.isalpha() and len(word) >= _MIN_WORD and word not in stop
            and counts.get(word, 0) < COMMON_WORD)


@cache
def _head_forms() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Each way a head's first word is written with its clitics (وزارة، ووزارة، للمديرية) ->
    (clitic length, the head), longest heads first: one lookup per token."""
    forms: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for head in sorted(_heads()[0], key=lambda h: (-len(h), h)):
        first = head[0]
        for clitic in _HEAD_CLITICS:
            written = clitic + first
            if clitic.endswith("ل") and first.startswith(_ARTICLE):
                written = clitic + first[1:]  # للمديرية = ل + المديرية
            forms.setdefault(written, []).append((len(clitic), head))
    return forms


def _head_at(tokens: Sequence[Token], index: int,
             heads: dict[tuple[str, ...], bool]) -> tuple[int, int, bool] | None:
    """(start after clitics, number of tokens, kept) of a head starting at token ``index``."""
    word, start, _end = tokens[index]
    for clitic_length, head in _head_forms().get(word, ()):
        if tuple(t[0] for t in tokens[index + 1 : index + len(head)]) == head[1:]:
            return start + clitic_length, len(head), heads[head]
    return None
