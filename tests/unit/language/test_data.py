"""The language data files: well formed, consistent with langdetect and with each other."""

from __future__ import annotations

from pathlib import Path

import langdetect
import pytest

from workers.stages.language import KNOWN_LANGUAGES
from workers.stages.language.patterns import (
    ALIASES,
    DATA_DIR,
    ORTHOGRAPHY,
    SCRIPT_LANGUAGES,
    WORD_RE,
)
from workers.stages.text.data_files import load_toml

FILES = sorted(DATA_DIR.glob("*.toml"))


def _ranges(items: list[str]) -> list[tuple[int, int]]:
    out = []
    for item in items:
        first, _, last = item.partition("-")
        out.append((int(first, 16), int(last or first, 16)))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_data_file_starts_with_a_comment_saying_where_it_came_from(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_every_range_runs_forward() -> None:
    for entry in load_toml("language", "scripts.toml")["script"]:
        for first, last in _ranges(entry["letters"] + entry["marks"]):
            assert first <= last, entry["name"]


def test_no_code_point_belongs_to_two_scripts_or_is_both_letter_and_mark() -> None:
    owner: dict[int, str] = {}
    for entry in load_toml("language", "scripts.toml")["script"]:
        for first, last in _ranges(entry["letters"] + entry["marks"]):
            for code in range(first, last + 1):
                assert code not in owner, (hex(code), owner.get(code), entry["name"])
                owner[code] = entry["name"]


def test_every_langdetect_language_belongs_to_a_script() -> None:
    profiles = Path(langdetect.PROFILES_DIRECTORY)
    codes = {ALIASES.get(path.name, path.name) for path in profiles.iterdir()}
    assert codes == set().union(*SCRIPT_LANGUAGES.values())


def test_every_script_language_is_a_known_language() -> None:
    assert set().union(*SCRIPT_LANGUAGES.values()) < KNOWN_LANGUAGES


EVIDENCE = ORTHOGRAPHY["arabic"][1]


@pytest.mark.parametrize("lang", sorted(EVIDENCE))
def test_orthography_letters_are_arabic_script_letters(lang: str) -> None:
    for letter in sorted(EVIDENCE[lang]):
        match = WORD_RE.fullmatch(letter)
        assert match is not None and match.lastgroup == "arabic", letter


def test_unsupported_letters_are_arabic_letters_no_supported_language_writes() -> None:
    table = load_toml("language", "orthography.toml")["unsupported"]["arabic"]
    supported = set().union(*EVIDENCE.values())
    for letters in table.values():
        for letter in letters:
            match = WORD_RE.fullmatch(letter)
            assert match is not None and match.lastgroup == "arabic", letter
            assert letter not in supported, letter


def test_orthography_only_names_candidates_of_its_script() -> None:
    assert set(EVIDENCE) <= SCRIPT_LANGUAGES["arabic"]
