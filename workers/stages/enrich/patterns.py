"""Every regex of the enrich stage, built once from ``workers/data/enrich/*.toml``.

Arabic words in the data files are written plainly ("أكد"); the patterns accept what real
articles print instead: diacritics and tatweel between letters ("أكّدت"), any alef spelling
(أ إ آ ا), ى for ي and ه for ة. Matching the raw text this way keeps every offset a plain
index into :func:`workers.record.article_text` without a normalised copy of the text.
All patterns are alternations of literals or single character classes followed by a fixed
look-around, so none can backtrack catastrophically.
"""

from __future__ import annotations

import re
from functools import cache

from workers.stages.text.alternation import longest_first, trie
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.char_class import class_body, join
from workers.stages.text.data_files import load_toml
from workers.stages.text.folding import ALEF_FORMS, HARAKAT, TATWEEL, Folding, letter_pairs

MARKS = class_body(join(HARAKAT, TATWEEL))  # inside a class: harakat, superscript alef, tatweel
_MARKS_RE = f"[{MARKS}]*"
# Letters spelled several ways; phrases are keyed by the plain form (no wasla: not in the data).
LETTERS = Folding(letter_pairs(alef=ALEF_FORMS))
_LETTER_CLASSES = LETTERS.classes()


def fuzzy(phrase: str) -> str:
    """A regex for ``phrase`` that tolerates diacritics and spelling variants between letters."""
    words = []
    for word in phrase.split():
        letters = [_LETTER_CLASSES.get(ch, re.escape(ch)) for ch in word]
        words.append(_MARKS_RE.join(letters) + _MARKS_RE)
    return r"\s+".join(words)


def _alt(phrases: list[str]) -> str:
    """Longest first, so "وكالة أنباء" wins over "وكالة"."""
    return longest_first(phrases, fuzzy)


def _letter(char: str) -> str:
    return _LETTER_CLASSES.get(char, re.escape(char)) + _MARKS_RE


def _trie_alt(phrases: list[str]) -> str:
    """Like :func:`_alt`, but factored by shared prefixes ("أكد|أكدت|أضاف" → "أ(?:ك…|ض…)"), so
    a scan over a whole article tries one branch per letter, not one per phrase."""
    return trie((" ".join(p.split()).translate(LETTERS.table) for p in phrases), _letter)


_START = r"(?<![\w" + MARKS + r"])"
_END = r"(?!\w)"


@cache
def verb_re() -> re.Pattern[str]:
    """A speech verb. The group that matched says how its speaker is found:
    ``say`` (the subject follows, any word), ``verb`` (the subject follows, a definite or role
    word), ``objverb`` (an object usually follows), ``noun`` ("عن X قوله"), ``part``
    (participle: the speaker of its sentence) or ``en`` (English)."""
    data = load_toml("enrich", "quotes.toml")["speech"]
    english = "|".join(re.escape(w) for w in sorted(data["english"], key=lambda w: (-len(w), w)))
    ending = r"(?:ت|وا|ا|ن)?" + _MARKS_RE
    return re.compile(
        _START + r"(?:"
        r"(?P<noun>[وف]?(?:" + _trie_alt(data["nouns"]) + r"))"
        r"|(?P<part>[وف]?(?:" + _trie_alt(data["participles"]) + r"))"
        r"|(?P<say>[وف]?(?:" + _trie_alt(data["say_verbs"]) + r")" + ending + r")"
        r"|(?P<verb>(?:[وف]?(?:" + _trie_alt(data["verbs"]) + r")"
        r"|[وف](?:" + _trie_alt(data["prefixed_only"]) + r"))" + ending + r")"
        r"|(?P<objverb>[وف]?(?:" + _trie_alt(data["object_verbs"]) + r")" + ending + r")"
        r"|(?P<en>(?i:" + english + r"))"
        r")" + _END
    )


# «…», “…”, "…" on one line, and ”…“: the curly pair reversed, as right-to-left keyboards and
# converted files often write it. An unclosed mark matches nothing, so it is never emitted.
QUOTE_RE = re.compile(
    r"«(?P<a>[^«»\n]*)»|“(?P<b>[^“”\n]*)”|\"(?P<c>[^\"\n]*)\"|”(?P<d>[^“”\n]*)“"
)
QUOTE_OPENERS = "«“\"”"

# What joins the items of a list of quotations: "…" و"…", "…"، "…".
LIST_JOIN_RE = re.compile(r"\s*(?:[،,]\s*|و\s*|and\s+)")

# The end of a sentence outside a quotation: . ! ? ؟ or … followed by a space or the end.
SENTENCE_END_RE = re.compile(r"(?:[.!?؟…]+|\.\.)(?=\s|$)")


@cache
def title_re() -> re.Pattern[str]:
    """A title word right before a quotation: ``صحيفة "…"``, ``لصحيفة “…”``, ``وفق “…”``."""
    words = load_toml("enrich", "quotes.toml")["titles"]["words"]
    return re.compile(
        _START + r"[وبل]?(?:" + _alt(words) + r")\s*(?:\([^()]{0,40}\)\s*)?$", re.IGNORECASE
    )


@cache
def short_intro_re() -> re.Pattern[str]:
    """What must sit right before a one- or two-word quotation for it to count as speech:
    a complementizer and at most one more word ("قال إنه أمر "…""), or a colon."""
    words = load_toml("enrich", "quotes.toml")["complementizers"]["words"]
    return re.compile(
        r"(?:" + _START + r"[وف]?(?:" + _alt(words) + r")\s+(?:[^\s\"«“]+\s+)?|[:：]\s*)$",
        re.IGNORECASE,
    )


@cache
def complementizer_re() -> re.Pattern[str]:
    """ "إن", "أنّ", "بأنه": after it comes the reported clause, no longer the subject."""
    words = load_toml("enrich", "quotes.toml")["complementizers"]["words"]
    return re.compile(_START + r"(?:" + _alt(words) + r")" + _END, re.IGNORECASE)


@cache
def roles() -> frozenset[str]:
    return frozenset(load_toml("enrich", "quotes.toml")["subjects"]["roles"])


@cache
def role_link_re() -> re.Pattern[str]:
    """A role word right before an organisation mention ("رئيس البرلمان", "باسم الكرملين")."""
    words = load_toml("enrich", "quotes.toml")["subjects"]["role_links"]
    return re.compile(_START + r"[وال]{0,2}(?:" + _alt(words) + r")\s+$")


@cache
def body_heads() -> frozenset[str]:
    """Head nouns of organisation names (وزارة، هيئة، شركة …), one word each: the entity
    stage's list (workers/data/entities/categories.toml, [bodies]), folded like the text."""
    bodies = load_toml("entities", "categories.toml")["bodies"]
    return frozenset(
        normalize_arabic(word) for word in [*bodies["kept"], *bodies["dropped"]] if " " not in word
    )


@cache
def subject_words(kind: str) -> frozenset[str]:
    """A word list of the [subjects] table (``stop``, ``roles``, ``subordinators``…)."""
    return frozenset(load_toml("enrich", "quotes.toml")["subjects"][kind])


# A definite word behind a preposition (بالهجوم، للصحفيين، كالعادة): a prepositional phrase,
# never part of a subject.
PREPOSITIONAL_RE = re.compile(r"(?:[بك]ال|لل)\w")
SUBJECT_WORD_RE = re.compile(r"\s*([^\s،,:؛;.!?؟\-–—()«»“”\"]+)")
FROM_RE = re.compile(r"(?<!\w)عن\s+((?:[^\s،,:؛.]+\s+){1,4})$")  # "نقل عن مصدر دبلوماسي "
CAPITALISED_BEFORE_RE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){1,3})$")
CAPITALISED_AFTER_RE = re.compile(r"\s+((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2})")

# Links: URLs with or without a scheme (pic.twitter.com/…, www.…), @handles, #hashtags.
URL_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|t\.co/)[^\s<>\"«»“”()]+", re.IGNORECASE)
HANDLE_RE = re.compile(r"(?<![\w@./])@(\w{1,30})")
HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w+)")
URL_TRAILING = ".,;:!?،؛…'’)]}"
WORD_RE = re.compile(r"\w+")
