"""The Aho-Corasick automaton over every gazetteer alias and title, built once.

One pass over the normalised article text finds every alias occurrence, so the cost grows with
the text and the number of hits, not with the size of the gazetteer. Clitics are handled by
allowing a clitic prefix before a match start (و ف ب ل ك and their pairs, checked after the
automaton reports the hit), plus one extra key per alias that starts with the article ال: the
same alias with ال written as ل, which is how لل+ال contracts (للولايات = ل + الولايات).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import ahocorasick

from workers.stages.arabic import normalize_arabic
from workers.stages.entity_data import load_toml
from workers.stages.gazetteer import gazetteer, is_latin

# Clitic sequences allowed before a name: conjunction (و ف), then preposition (ب ل ك).
CLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
L_CLITICS = frozenset({"ل", "ول", "فل"})  # before the ال→ل contracted form


@dataclass(frozen=True, slots=True)
class Key:
    """What an automaton hit means: an alias (or title) key, and whether ال was contracted."""

    key: str
    length: int
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
    data = load_toml("triggers.toml")
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
        keys[key] = Key(key, len(key), False, False, is_latin(key))
    for title in sorted({_norm(t) for t in load_toml("triggers.toml")["titles"]}):
        if title not in keys:
            keys[title] = Key(title, len(title), True, False, is_latin(title))
    for key, info in list(keys.items()):
        if key.startswith("ال") and len(key) > 3:
            contracted = "ل" + key[2:]
            if contracted not in keys:
                keys[contracted] = Key(key, len(contracted), info.title, True, False)
    for text, info in keys.items():
        machine.add_word(text, info)
    machine.make_automaton()
    return machine


def scan(text: str) -> list[Hit]:
    """All hits whose start is a word start (after a valid clitic) and whose end is a word end."""
    hits: list[Hit] = []
    size = len(text)
    for last, info in automaton().iter(text):
        end = last + 1
        if end < size and text[end].isalnum():
            continue
        start = end - info.length
        clitic = ""
        if start and text[start - 1].isalnum():
            # A clitic is one or two letters, so look back at most three characters.
            if start > 1 and text[start - 2].isalnum():
                if start > 2 and text[start - 3].isalnum():
                    continue
                clitic = text[start - 2 : start]
            else:
                clitic = text[start - 1 : start]
        if info.contracted:
            if clitic not in L_CLITICS:
                continue
        elif clitic and (info.latin or clitic not in CLITICS):
            continue
        hits.append(Hit(start, end, info.key, info.title, clitic))
    return hits
