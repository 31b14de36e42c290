"""Names of bodies found by their head noun: ministries, authorities, universities, banks.

The tagger learned from ANERcorp, which leaves "وزارة الخارجية" untagged, so it never proposes
such names, though users search for them ("the Ministry of Interior" is a name in English).
A head from ``categories.toml`` (``[bodies]``) followed by definite words or names is one:
"وزارة الداخلية السعودية", "هيئة السوق المالية", "المديرية العامة للدفاع المدني", "جامعة الملك
سعود". The name stops at the first word that is not definite and not part of a name, at a stop
word or a time word (أعلنت وزارة الداخلية اليوم), and after ``MAX_WORDS``. After a head that is
left out of a name (شركة، نادي، وكالة) the name is the word that follows, when the training
corpus does not use it as an ordinary word (شركة سابك, not شركة كبرى) and it is not a definite
word the raw text uses often; after شركة such a word keeps the head in a name of definite words
(شركة الكهرباء). A head that is also an ordinary noun (مركز: مركز المدينة, the city centre)
heads a name only before a known name, an honorific or a rare word (مركز الملك سلمان للإغاثة).
A known body that starts the name ends it unless a name follows; a description (البنك
المركزي) and a head after ب that says who leads (بقيادة) are no body.

Facilities (``[facilities]``: قاعدة، سد، سجن، ميناء…) are found the same way and are places:
the head, then a known name or a word that is rare in the training corpus and the raw text
(:func:`is_rare`), then adjectives such as الدولي (قاعدة العند, سجن جازان العام; not قاعدة
البيانات).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import NamedTuple

from workers.stages.enrich.entities.automaton import CLITICS, trigger_words
from workers.stages.enrich.entities.tagger.features import ARTICLE, TO_THE, raw_counts
from workers.stages.enrich.entities.tagger.tokens import Token, tokenize
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml

MAX_WORDS = 6
# A word the raw text (22 million tokens of books and Egyptian Arabic Wikipedia, read by
# :mod:`tagger.clusters`) uses this often is an ordinary word; the names of local places and
# families are rarer there (السراة 98, الحارثي 28; الأضرار 117, البيانات 104, الوفد 1,077).
RARE_IN_RAW_TEXT = 100
# A body is named after و/ف and ب/ل, not after ك "like": كوزارة compares, it does not name.
_HEAD_CLITICS = tuple(sorted(clitic for clitic in CLITICS if "ك" not in clitic))
COMMON_WORD = 3  # a word the training corpus uses this often is an ordinary word
_MIN_WORD = 3


class Body(NamedTuple):
    """A body's name in the normalised text; ``name_start`` is where what follows the head
    starts (the name itself when the head is left out); ``kind`` is ``organization``, or
    ``location`` for a facility (قاعدة العند، سد أبها)."""

    start: int
    end: int
    name_start: int
    kind: str = "organization"


@cache
def _heads() -> tuple[dict[tuple[str, ...], bool], frozenset[str], frozenset[str]]:
    """Head (as words) -> whether it is part of the name; the words that end a name; the
    honorifics a person's name may follow inside a body's name."""
    data = load_toml("entities", "categories.toml")["bodies"]
    heads: dict[tuple[str, ...], bool] = {}
    for kept, words in ((True, data["kept"]), (False, data["dropped"])):
        for head in words:
            heads[tuple(normalize_arabic(head).split())] = kept
    heads.update(dict.fromkeys(_facility_heads(), True))
    stop = frozenset(normalize_arabic(w) for w in data["stop"]) | trigger_words().stopwords
    honorifics = frozenset(normalize_arabic(w).split()[-1] for w in data["honorifics"])
    return heads, stop, honorifics


@cache
def _head_list(key: str) -> frozenset[tuple[str, ...]]:
    """A list of heads of categories.toml ``[bodies]``, as words: ``kept_before_an_ordinary_word``
    (dropped heads kept before an ordinary definite word: شركة الكهرباء), ``kept_before_a_name``
    (heads that name a body only before a name: مركز الملك سلمان, not مركز المدينة)."""
    words = load_toml("entities", "categories.toml")["bodies"][key]
    return frozenset(tuple(normalize_arabic(word).split()) for word in words)


def _name_follows(tokens: Sequence[Token], position: int, name_at: Mapping[int, object],
                  honorifics: frozenset[str], stop: frozenset[str],
                  counts: Mapping[str, int]) -> bool:
    """Whether the word at ``position`` starts a name: a known one, an honorific (الملك), or a
    word the training corpus and the raw text seldom use (أسبار)."""
    if position >= len(tokens):
        return False
    word, start, _end = tokens[position]
    return (start in name_at or word in honorifics
            or (_unknown_word(word, stop, counts) and is_rare(word, counts)))


def _ordinary_definite(word: str, stop: frozenset[str], counts: Mapping[str, int]) -> bool:
    """A definite word the training corpus or the raw text uses often: الكهرباء, not المراعي."""
    return _definite(word, stop) and not is_rare(word, counts)


@cache
def _facility_heads() -> frozenset[tuple[str, ...]]:
    """Heads of the names of places built or named as one (categories.toml ``[facilities]``)."""
    words = load_toml("entities", "categories.toml")["facilities"]["heads"]
    return frozenset(tuple(normalize_arabic(word).split()) for word in words)


@cache
def _facility_heads_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for head in _facility_heads():
        by_first.setdefault(head[0], []).append(head)
    return {word: tuple(heads) for word, heads in by_first.items()}


def is_facility(name: str) -> bool:
    """Whether a normalised name starts with a facility's head (ميناء مليلية)."""
    words = tuple(name.split())
    return bool(words) and any(words[: len(head)] == head
                               for head in _facility_heads_by_first_word().get(words[0], ()))


@cache
def _facility_adjectives() -> frozenset[str]:
    words = load_toml("entities", "categories.toml")["facilities"]["adjectives"]
    return frozenset(normalize_arabic(word) for word in words)


def dropped_heads() -> list[str]:
    """The heads left out of a name (شركة، نادي), normalised."""
    return sorted(" ".join(head) for head, kept in _heads()[0].items() if not kept)


def _definite(word: str, stop: frozenset[str]) -> bool:
    """An article word (or ل + article written لل) that is not a stop word."""
    if word in stop or len(word) <= _MIN_WORD:
        return False
    return word.startswith(ARTICLE) or (word.startswith(TO_THE) and len(word) > _MIN_WORD + 1)


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
    forms = _head_forms()
    while index < len(tokens):
        if tokens[index].text not in forms:  # most words head nothing: no call for them
            index += 1
            continue
        head = _head_at(tokens, index, heads)
        if head is None:
            index += 1
            continue
        start, size, head_words = head
        kept = heads[head_words]
        after_head = index + size
        if kept and head_words in _head_list("kept_before_a_name") and not _name_follows(
                tokens, after_head, name_at, honorifics, stop, counts):
            index += size  # مركز المدينة: the city centre
            continue
        if (not kept and head_words in _head_list("kept_before_an_ordinary_word")
                and after_head < len(tokens) and tokens[after_head].start not in name_at
                and "\n" not in norm[tokens[after_head - 1].end : tokens[after_head].start]
                and _ordinary_definite(tokens[after_head].text, stop, counts)):
            kept = True  # شركة الكهرباء: الكهرباء alone names nothing
        if head_words in _facility_heads():
            found_place = _facility(norm, tokens, index, size, start, name_at, counts, stop)
            if found_place is not None:
                found.append(found_place)
                index = next((i for i in range(index, len(tokens))
                              if tokens[i].start >= found_place.end), len(tokens))
            else:
                index += size
            continue
        position = index + size
        end = -1
        known = name_at.get(start)
        names_only = kept and known is not None and known[1] in ("organization", "media")
        if names_only and known is not None:
            # البنك الأهلي التجاري is known: a name may continue it (السعودية), the next
            # ordinary word (للبنك الأهلي التجاري الحق في) may not
            end = known[0]
            while position < len(tokens) and tokens[position][1] < end:
                position += 1
        while position < len(tokens) and position - index - size < MAX_WORDS:
            word, word_start, _word_end = tokens[position]
            if "\n" in norm[tokens[position - 1][2] : word_start]:
                break
            end_kind = name_at.get(word_start)
            if end_kind is not None and (end_kind[1] != "person" or word in honorifics
                                         or tokens[position - 1][0] in honorifics):
                end = end_kind[0]
                while position < len(tokens) and tokens[position][1] < end:
                    position += 1
            elif names_only:
                break
            elif (_definite(word, stop) or _continues(tokens, position, stop)) if kept else (
                    position == index + size and _unknown_word(word, stop, counts)
                    and not _ordinary_definite(word, stop, counts)):
                end = tokens[position][2]
                position += 1
            else:
                break
            if not kept:
                break
        if end > 0 and _generic_at(norm[start:end], tokens, index, name_at):
            end = -1
        if end > 0:
            name_start = tokens[index + size][1]
            found.append(Body(start if kept else name_start, end, name_start))
            index = position
        else:
            index += size
    return found


_AND_THE = "و" + ARTICLE
_GENERAL = "العام"  # "general" in a name (مستشفى جازان العام), "the year" in a sentence
_YEAR_WORDS = frozenset({"الماضي", "المقبل", "الحالي", "الجاري", "المنصرم", "القادم"})


def _continues(tokens: Sequence[Token], position: int, stop: frozenset[str]) -> bool:
    """Words a body's name goes on with though the stop list or the article test would end it:
    العام "general" unless a year word or a number follows (العام الماضي); a genitive with ل
    before a definite word (لسلامة النقل، لتحلية المياه، لكرة القدم); and و with a definite word
    after a definite one, when it ends the name (وزارة الشؤون البلدية والقروية, وزارة التجارة
    والصناعة). Where more definite words follow, و joins another name (وزارة الطيران المدني
    والخطوط الجوية الماليزية) or a noun phrase (البنك والمستويات الإيجابية)."""
    word = tokens[position].text
    after = tokens[position + 1].text if position + 1 < len(tokens) else ""
    if (word.startswith(_AND_THE) and _definite(word[1:], stop)
            and _definite(tokens[position - 1].text, stop) and not _definite(after, stop)):
        return True
    if word == _GENERAL:
        return after not in _YEAR_WORDS and not after.isdigit()
    return (word.startswith("ل") and not word.startswith(TO_THE) and len(word) > _MIN_WORD
            and word not in stop and _definite(after, stop))


def _unknown_word(word: str, stop: frozenset[str], counts: Mapping[str, int]) -> bool:
    return (word.isalpha() and len(word) >= _MIN_WORD and word not in stop
            and counts.get(word, 0) < COMMON_WORD)


def _generic_at(text: str, tokens: Sequence[Token], index: int,
                name_at: Mapping[int, tuple[int, str]]) -> bool:
    """Whether a body's name found at token ``index`` is a generic description, alone or
    followed by words that are not a name (رفع البنك المركزي الفائدة; not البنك المركزي
    الأوروبي)."""
    words = text.split()
    for generic in generic_names():
        size = len(generic.split())
        if words[:size] == generic.split() and (
                len(words) == size or tokens[index + size].start not in name_at):
            return True
    return False


@cache
def generic_names() -> frozenset[str]:
    """A head and words that stay a description (البنك المركزي), normalised."""
    return frozenset(normalize_arabic(words) for words in
                     load_toml("entities", "categories.toml")["bodies"]["generic"])


@cache
def _led_by() -> frozenset[str]:
    """Heads that after ب name who leads (بقيادة، برئاسة), not a body."""
    words = load_toml("entities", "categories.toml")["bodies"]["led_by"]
    return frozenset(normalize_arabic(word) for word in words)


@cache
def _head_forms() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Each way a head's first word is written with its clitics (وزارة، ووزارة، للمديرية) ->
    (clitic length, the head), longest heads first: one lookup per token."""
    forms: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for head in sorted(_heads()[0], key=lambda h: (-len(h), h)):
        first = head[0]
        for clitic in _HEAD_CLITICS:
            written = clitic + first
            if clitic.endswith("ل") and first.startswith(ARTICLE):
                written = clitic + first[1:]  # للمديرية = ل + المديرية
            forms.setdefault(written, []).append((len(clitic), head))
    return forms


def _head_at(tokens: Sequence[Token], index: int,
             heads: dict[tuple[str, ...], bool]) -> tuple[int, int, tuple[str, ...]] | None:
    """(start after clitics, number of tokens, the head) of a head starting at token
    ``index``."""
    word, start, _end = tokens[index]
    for clitic_length, head in _head_forms().get(word, ()):
        if word[clitic_length - 1 : clitic_length] == "ب" and head[0] in _led_by():
            continue  # بقيادة "led by"
        if tuple(t[0] for t in tokens[index + 1 : index + len(head)]) == head[1:]:
            return start + clitic_length, len(head), head
    return None


def _facility(norm: str, tokens: Sequence[Token], index: int, size: int, start: int,
              name_at: Mapping[int, tuple[int, str]], counts: Mapping[str, int],
              stop: frozenset[str]) -> Body | None:
    """A facility's name after its head (kept, GUIDELINES §1: قاعدة العند، سد أبها، جبال
    السراة، سجن جازان العام، ملعب الأمير فيصل بن فهد): a known place or body, a person after an
    honorific, or a definite word that is not an ordinary word (قاعدة البيانات "database" is not
    a place); then adjectives of facilities (الدولي، العام)."""
    _heads_table, _stop, honorifics = _heads()
    position = index + size
    end = -1
    named = False
    while position < len(tokens) and position - index - size < MAX_WORDS:
        word, word_start, _word_end = tokens[position]
        if "\n" in norm[tokens[position - 1][2] : word_start]:
            break
        end_kind = name_at.get(word_start)
        if end_kind is not None and end_kind[1] == "demonym" and named:
            break  # ميناء مليلية الإسباني: the port, then the country it belongs to
        if end_kind is not None and (
                end_kind[1] != "person" or tokens[position - 1][0] in honorifics):
            end, named = end_kind[0], True
            while position < len(tokens) and tokens[position][1] < end:
                position += 1
            continue
        if word in honorifics and not named:
            position += 1  # ملعب الأمير …: the person's name follows
            continue
        if (not named and _definite(word, stop) and is_rare(word, counts)) or (
                named and (word in _facility_adjectives() or _continues(tokens, position, stop))):
            end, named = tokens[position][2], True
            position += 1
            continue
        break
    if end < 0:
        return None
    return Body(start, end, tokens[index + size][1], "location")


def is_rare(word: str, counts: Mapping[str, int]) -> bool:
    """A word the training corpus (``counts``) and the raw text seldom use: a name, not an
    ordinary word."""
    return counts.get(word, 0) < COMMON_WORD and raw_counts().get(word, 0) < RARE_IN_RAW_TEXT
