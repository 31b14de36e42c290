"""The gazetteer: known entities and the index of their normalised names (aliases).

Loaded once per process (``functools.cache``). Every alias is stored in normalised form
(:func:`normalize_arabic`), expanded with the spelling variants of ``variants.toml`` and, for
countries, with the adjective and demonym forms derived from their stems. A person's surname
(last word of the canonical name) is indexed too; when two people share it the alias keeps both
ids and the matcher picks the one whose full name the text used. Names that are also ordinary
words carry an ambiguity rule (``ambiguity.toml``) evaluated against the surrounding text.

When two entries claim the same alias the first one registered keeps it, in this order:
people, organisations, media, regions, countries, places; full names before derived forms,
derived forms before surnames. The order is fixed, so the index is deterministic.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from workers.stages.enrich.entities.data import (
    GazetteerEntry,
    RawEntry,
    countries,
    curated,
    geonames_places,
    no_surname_words,
    places,
    regions,
)
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml

__all__ = ["Alias", "Gazetteer", "GazetteerEntry", "Rule", "gazetteer", "is_latin", "lookup"]

_ADJ_SUFFIXES = ("", "ه", "ون", "ين", "تين", "تان")
_CLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_MIN_SURNAME = 3
_MAX_VARIANTS = 16


@dataclass(frozen=True, slots=True)
class Rule:
    """Context tests for a name that is also a common word (see ambiguity.toml)."""

    alias: str
    entity: str
    otherwise: str
    before: frozenset[str]
    after: tuple[str, ...]
    quoted: bool
    credit: bool
    clitic_l: bool
    line: bool
    topic: str = ""


@dataclass(frozen=True, slots=True)
class Alias:
    """What one normalised name points to."""

    key: str
    ids: tuple[str, ...]
    surname: bool = False
    rule: Rule | None = None


@dataclass(frozen=True, slots=True)
class Gazetteer:
    entries: dict[str, GazetteerEntry]
    aliases: dict[str, Alias]
    # Last word of every person's name -> people, unfiltered: "السوداني" is Sudan unless the
    # text already named محمد شياع السوداني, then it is him.
    last_words: dict[str, tuple[str, ...]]
    # Adjective and nationality forms -> the countries they are a demonym of, kept apart from
    # ``aliases`` because an ambiguity rule may take the key over (الفرنسية: AFP or French).
    demonyms: dict[str, frozenset[str]]
    # Towns known only from GeoNames (geonames.toml), not curated: the tagger reads them as a
    # mark of their own, so it learns how far to trust them apart from the curated names.
    towns: frozenset[str]
    # Keys that are a country's name and its feminine adjective both (السعودية): the context
    # tells which (:func:`selection.select`).
    names_and_adjectives: frozenset[str] = frozenset()


def is_latin(key: str) -> bool:
    return not any("\u0600" <= ch <= "\u06ff" for ch in key)


def _norm(text: str) -> str:
    return " ".join(normalize_arabic(text).split())


@cache
def _variant_tables() -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, str], ...]]:
    data = load_toml("gazetteer", "variants.toml")
    tokens: dict[str, tuple[str, ...]] = {}
    for group in data["tokens"]:
        forms = tuple(dict.fromkeys(_norm(word) for word in group))
        for form in forms:
            tokens[form] = forms
    pairs: list[tuple[str, str]] = []
    for first, second in data["substrings"]:
        pairs += [(_norm(first), _norm(second)), (_norm(second), _norm(first))]
    return tokens, tuple(pairs)


def expand_variants(key: str) -> list[str]:
    """The normalised key plus its spelling variants, the key itself first."""
    tokens, pairs = _variant_tables()
    choices = [tokens.get(word, (word,)) for word in key.split(" ")]
    combos = itertools.islice(itertools.product(*choices), _MAX_VARIANTS)
    keys = [" ".join(combo) for combo in combos]
    for old, new in pairs:
        keys += [k.replace(old, new) for k in keys if old in k]
    return list(dict.fromkeys([key, *keys]))


def adjective_forms(stem: str) -> list[str]:
    """الروسي، الروسية، روسيون، الأمريكيتين… from the stem روسي / أمريكي (each word inflected)."""
    words = _norm(stem).split(" ")
    forms: list[str] = []
    for suffix in _ADJ_SUFFIXES:
        for article in ("", "ال"):
            forms.append(" ".join(article + word + suffix for word in words))
    return forms


def _rules() -> list[Rule]:
    rules = []
    for item in load_toml("gazetteer", "ambiguity.toml")["rule"]:
        rules.append(
            Rule(
                alias=_norm(item["alias"]),
                entity=item["entity"],
                otherwise=item["otherwise"],
                before=frozenset(_norm(word) for word in item.get("before", [])),
                after=tuple(item.get("after", [])),
                quoted=item.get("quoted", False),
                credit=item.get("credit", False),
                clitic_l=item.get("clitic_l", False),
                line=item.get("line", False),
                topic=item.get("topic", ""),
            )
        )
    return rules


@cache
def _topic_words() -> tuple[int, dict[str, frozenset[str]]]:
    data = load_toml("gazetteer", "ambiguity.toml")["topics"]
    lists = {name: frozenset(_norm(word) for word in words)
             for name, words in data.items() if isinstance(words, list)}
    return int(data["min_words"]), lists


def topics(text: str) -> frozenset[str]:
    """The topics (ambiguity.toml ``[topics]``) a normalised text is about: those of which it
    uses ``min_words`` different words, alone or after و."""
    minimum, lists = _topic_words()
    words = set(text.split())
    words |= {word[1:] for word in words if word.startswith("و")}
    return frozenset(name for name, listed in lists.items() if len(listed & words) >= minimum)


def _register(aliases: dict[str, Alias], key: str, entity_id: str) -> None:
    if len(key) >= 2 and key not in aliases:
        aliases[key] = Alias(key, (entity_id,))


def _register_demonym(aliases: dict[str, Alias], demonyms: dict[str, set[str]], key: str,
                      entity_id: str) -> None:
    demonyms.setdefault(key, set()).add(entity_id)
    _register(aliases, key, entity_id)


def _build() -> Gazetteer:
    raws: list[RawEntry] = [
        *curated("people"),
        *curated("organizations"),
        *curated("media"),
        *regions(),
        *countries(),
        *places(),
    ]
    curated_ids = {raw.entry.id for raw in raws}
    towns = [raw for raw in geonames_places() if raw.entry.id not in curated_ids]
    raws += towns
    entries: dict[str, GazetteerEntry] = {}
    aliases: dict[str, Alias] = {}
    demonyms: dict[str, set[str]] = {}
    name_keys: set[str] = set()
    for raw in raws:
        entries.setdefault(raw.entry.id, raw.entry)
        for name in raw.arabic:
            for key in expand_variants(_norm(name)):
                _register(aliases, key, raw.entry.id)
                name_keys.add(key)
        for name in raw.english:
            _register(aliases, " ".join(name.split()), raw.entry.id)
        for name in raw.demonyms:
            for key in expand_variants(_norm(name)):
                _register_demonym(aliases, demonyms, key, raw.entry.id)
    for raw in raws:
        for stem in raw.adjectives:
            for form in adjective_forms(stem):
                for key in expand_variants(form):
                    _register_demonym(aliases, demonyms, key, raw.entry.id)
    surnames: dict[str, list[str]] = {}
    all_last: dict[str, list[str]] = {}
    blocked = no_surname_words()
    for raw in raws:
        if not raw.surname:
            continue
        last_words = [_norm(raw.arabic[0]).split(" ")[-1]]
        if raw.english:
            last_words.append(raw.english[0].split()[-1])
        for word in last_words:
            all_last.setdefault(word, []).append(raw.entry.id)
            if len(word) < _MIN_SURNAME or word in blocked:
                continue
            for key in expand_variants(word):
                if key not in aliases and raw.entry.id not in surnames.setdefault(key, []):
                    surnames[key].append(raw.entry.id)
    for key, ids in sorted(surnames.items()):
        aliases[key] = Alias(key, tuple(ids), surname=True)
    for rule in _rules():
        for key in expand_variants(rule.alias):
            aliases[key] = Alias(key, (rule.entity,), rule=rule)
    return Gazetteer(entries, aliases, {k: tuple(v) for k, v in all_last.items()},
                     {k: frozenset(v) for k, v in demonyms.items()},
                     frozenset(raw.entry.id for raw in towns),
                     frozenset(key for key in demonyms if key in name_keys))


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use from the data files."""
    return _build()


def _clitic_forms(key: str) -> list[str]:
    forms = [key]
    for prefix in _CLITICS:
        if key.startswith(prefix):
            rest = key[len(prefix) :]
            if len(rest) >= _MIN_SURNAME:
                forms.append(rest)
                if prefix.endswith("ل") and rest.startswith("ل"):
                    forms.append("ا" + rest)  # للولايات -> الولايات
    return forms


def lookup(phrase: str) -> GazetteerEntry | None:
    """Exact lookup of a phrase (e.g. a keyword), after normalisation and clitic stripping."""
    index = gazetteer()
    key = _norm(phrase)
    for form in _clitic_forms(key) if not is_latin(key) else [key]:
        alias = index.aliases.get(form)
        if alias is None:
            continue
        if alias.rule is not None:
            entity_id = alias.rule.otherwise
        elif len(alias.ids) == 1:
            entity_id = alias.ids[0]
        else:
            return None
        return index.entries.get(entity_id) if entity_id else None
    return None
