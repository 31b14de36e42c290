"""Regexes and tables of the language stage, built once from ``workers/data/language/*.toml``.

Every pattern is linear in the length of its input: each alternative of :data:`NOISE_RE` can
only start at a token or word boundary (a look-behind refuses the other positions) and uses
possessive quantifiers, so a long run of letters, dots or digits cannot make it backtrack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from workers.stages.text.alternation import longest_first
from workers.stages.text.char_class import class_body
from workers.stages.text.data_files import data_dir, load_toml

DATA_DIR = data_dir("language")


@dataclass(frozen=True, slots=True)
class Script:
    name: str
    languages: tuple[str, ...]  # ISO 639-1 codes this script can carry, in data-file order


def _char_class(ranges: list[str]) -> str:
    """``["0620-063F", "06D5"]`` → ``\\u0620-\\u063F\\u06D5`` for use inside ``[...]``."""
    pairs = [item.partition("-")[::2] for item in ranges]
    return class_body((int(first, 16), int(last or first, 16)) for first, last in pairs)


def _build_scripts() -> tuple[tuple[Script, ...], re.Pattern[str], re.Pattern[str]]:
    words: list[str] = []
    scripts: list[Script] = []
    all_letters = "".join(
        _char_class(entry["letters"]) for entry in load_toml("language", "scripts.toml")["script"]
    )
    neutral = f"[^{all_letters}]++"
    runs: list[str] = []
    for entry in load_toml("language", "scripts.toml")["script"]:
        letters = _char_class(entry["letters"])
        word = f"[{letters}][{letters}{_char_class(entry['marks'])}]*+"
        words.append(f"(?P<{entry['name']}>{word})")
        runs.append(f"(?P<{entry['name']}>{word}(?:{neutral}{word})*+)")
        scripts.append(Script(entry["name"], tuple(entry["languages"])))
    return tuple(scripts), re.compile("|".join(words)), re.compile("|".join(runs))


SCRIPTS, WORD_RE, RUN_RE = _build_scripts()
"""WORD_RE: one word, RUN_RE: words of one script with only non-letters between them; in both
one named group per script, so ``match.lastgroup`` is the script."""

SCRIPT_LANGUAGES: dict[str, frozenset[str]] = {s.name: frozenset(s.languages) for s in SCRIPTS}
ALIASES: dict[str, str] = dict(load_toml("language", "scripts.toml")["aliases"])

_OPENERS = "[(\\[«\"“'‘<]*+"
_TLDS = longest_first(load_toml("language", "noise.toml")["tlds"], re.escape)


Hint = Callable[[str], object]


def _contains(text: str) -> Hint:
    return lambda line: text in line


_NOISE_SOURCES: list[tuple[Hint, str]] = [
    # addresses with a scheme or www.
    (_contains("://"), rf"(?<!\S){_OPENERS}https?://\S*+"),
    (_contains("www."), rf"(?<!\S){_OPENERS}www\.\S*+"),
    # bare domains: pic.twitter.com/x
    (
        re.compile(rf"\.(?:{_TLDS})\b").search,
        rf"(?<!\S){_OPENERS}(?:[\w-]++\.)++(?:{_TLDS})\b\S*+",
    ),
    # e-mail addresses, then handles
    (_contains("@"), r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++|(?<![\w@])@\w++"),
    # words holding digits: 11th, F16, zcnpuU7YOC, الـ18
    (re.compile(r"\d").search, r"(?<!\w)(?=\w*\d)\w++"),
    # capitals only: AFP, GMT, MANDEL NGAN (langdetect skips these words too)
    (re.compile("[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ]").search, r"(?<!\w)[A-ZÀ-ÖØ-Þ]{2,}+(?!\w)"),
]
NOISE: tuple[tuple[Hint, re.Pattern[str]], ...] = tuple(
    (hint, re.compile(pattern)) for hint, pattern in _NOISE_SOURCES
)
"""(hint, pattern) pairs for spans that are not language, blanked (same length, so offsets hold)
before letters are counted. The hint is a cheap test (a substring or a one-class search) that
every match of the pattern passes: a line without it skips the pattern, whose look-behind would
otherwise be tried at every position. Domains are matched in lower case, as news text writes
them."""

DIGIT_RE = re.compile(r"\d")


def _unsupported() -> dict[str, re.Pattern[str]]:
    table = load_toml("language", "orthography.toml").get("unsupported", {})
    return {
        script: re.compile(
            "["
            + "".join(
                re.escape(ch) for ch in sorted({c for chars in langs.values() for c in chars})
            )
            + "]"
        )
        for script, langs in table.items()
    }


UNSUPPORTED = _unsupported()
"""script → a pattern finding letters of languages of that script langdetect cannot name."""


def _evidence_table() -> dict[str, tuple[re.Pattern[str], dict[str, frozenset[str]]]]:
    table = load_toml("language", "orthography.toml")
    out: dict[str, tuple[re.Pattern[str], dict[str, frozenset[str]]]] = {}
    for script, langs in table.items():
        if script == "unsupported":
            continue
        letters = sorted({ch for chars in langs.values() for ch in chars})
        pattern = re.compile("[" + "".join(map(re.escape, letters)) + "]")
        out[script] = (pattern, {lang: frozenset(chars) for lang, chars in langs.items()})
    return out


ORTHOGRAPHY = _evidence_table()
"""script → (a pattern finding every evidence letter, language → its evidence letters)."""
