"""The Aho-Corasick automaton over every gazetteer alias and title, built once.

One pass over the normalised article text finds every alias occurrence, so the cost grows with
the text and the number of hits, not with the size of the gazetteer. Clitics are handled by
allowing a clitic prefix before a match start (و ف ب ل ك and their pairs, checked after the
automaton reports the hit), plus one extra key per alias that starts with the article ال: the
same alias with ال written as ل, which is how لل+ال contracts (للولايات = ل + الولايات).
That contracted key is only valid after the preposition ل, so the automaton word includes it
(للولايات): otherwise every plain الولايات would also report a لولايات match to throw away.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import ahocorasick

from workers.stages.enrich.entities.gazetteer import gazetteer, is_latin
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml

# Clitic sequences allowed before a name: conjunction (و ف), then preposition (ب ل ك).
CLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
L_CLITICS = frozenset({"ل", "ول", "فل"})  # before the ال→ل contracted form


class Key(NamedTuple):
    """What an automaton hit means: an alias (or title) key, and whether ال was contracted.

    ``length`` is the length of the hit, which for a contracted key excludes the preposition ل
    that the automaton word starts with. A NamedTuple so that :func:`scan` can unpack it.
    """

    length: int
    key: str
    title: bool
    contracted: bool
    latin: bool


class Hit(NamedTuple):
    """A boundary-checked occurrence in the normalised text (clitic prefix excluded).

    A NamedTuple, not a frozen dataclass: an article yields hundreds of hits and tuple
    construction is several times cheaper.
    """

    start: int
    end: int
    key: str
    title: bool
    clitic: str


@dataclass(frozen=True, slots=True)
class TriggerWords:
    modifiers: frozenset[str]
    connectors: frozenset[str]
    stopwords: frozenset[str]


def _norm(text: str) -> str:
    return " ".join(normalize_arabic(text).split())


@cache
def trigger_words() -> TriggerWords:
    data = load_toml("gazetteer", "triggers.toml")
    return TriggerWords(
        modifiers=frozenset(_norm(w) for w in data["modifiers"]),
        connectors=frozenset(_norm(w) for w in data["connectors"]),
        stopwords=frozenset(_norm(w) for w in data["stopwords"]),
    )


@cache
def automaton() -> ahocorasick.Automaton:
    """Every alias and title key; a key that is both keeps its alias meaning."""
    machine = ahocorasick.Automaton(ahocorasick.STORE_ANY)
    keys: dict[str, Key] = {}
    aliases = gazetteer().aliases
    for key in sorted(aliases):
        keys[key] = Key(len(key), key, False, False, is_latin(key))
    for title in sorted({_norm(t) for t in load_toml("gazetteer", "triggers.toml")["titles"]}):
        if title not in keys:
            keys[title] = Key(len(title), title, True, False, is_latin(title))
    for key, info in list(keys.items()):
        if key.startswith("ال") and len(key) > 3:
            contracted = "ل" + key[2:]
            if contracted not in keys:
                # Include the ل before it, unless that spelling is a key of its own.
                word = "ل" + contracted if "ل" + contracted not in keys else contracted
                keys[word] = Key(len(contracted), key, info.title, True, False)
    for text, info in keys.items():
        machine.add_word(text, info)
    machine.make_automaton()
    return machine


def scan(text: str) -> list[Hit]:
    """All hits whose start is a word start (after a valid clitic) and whose end is a word end."""
    hits: list[Hit] = []
    size = len(text)
    previous_last = -1
    inside_word = False
    for last, (length, key, title, contracted, latin) in automaton().iter(text):
        if last != previous_last:  # the automaton reports the matches sharing an end together
            previous_last = last
            inside_word = last + 1 < size and text[last + 1].isalnum()
        if inside_word:
            continue
        end = last + 1
        start = end - length
        clitic = ""
        if start and text[start - 1].isalnum():
            # A clitic is one or two letters, so look back at most three characters.
            if start > 1 and text[start - 2].isalnum():
                if start > 2 and text[start - 3].isalnum():
                    continue
                clitic = text[start - 2 : start]
            else:
                clitic = text[start - 1 : start]
        if contracted:
            if clitic not in L_CLITICS:
                continue
        elif clitic and (latin or clitic not in CLITICS):
            continue
        hits.append(Hit(start, end, key, title, clitic))
    return hits
