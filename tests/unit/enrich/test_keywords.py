"""Keyword lines split back into keywords: seeds 000, 003, 004 split by hand, then each rule."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.record import RawFile, article_text
from workers.stages.enrich import is_known_phrase
from workers.stages.enrich.keywords import split_keywords
from workers.stages.split import split_file

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
EXPECTED = {
    "000_4bc09b6080c120ac.txt": [
        "الخارجية الأمريكية",
        "روسيا",
        "الولايات المتحدة",
        "الرئيس الروسي",
        "فلاديمير بوتين",
    ],
    "003_61762e02e1598835.txt": [
        "بوتين",
        "فلاديمير بوتين",
        "الرئيس الروسي",
        "روسيا",
        "أوكرانيا",
        "روسيا وأوكرانيا",
        "الأزمة الأوكرانية",
        "الحرب في أوكرانيا",
        "أميركا",
        "أميركا وروسيا",
        "دونالد ترامب",
        "ترامب",
        "الرئيس الأميركي",
    ],
    "004_bc3de8be924d4619.txt": [
        "سوريا",
        "روسيا",
        "الولايات المتحدة",
        "القوات الروسية",
        "التحالف الدولي",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_keyword_lines(name: str) -> None:
    data = (SEEDS / name).read_bytes()
    main = split_file(RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=name))[0]
    assert main.keywords_raw
    keywords = split_keywords(main.keywords_raw, is_known_phrase, article_text(main))
    assert keywords == EXPECTED[name]


def known(*phrases: str) -> Callable[[str], bool]:
    return lambda phrase: phrase in phrases


def test_a_sequence_found_in_the_article_is_one_keyword() -> None:
    text = "قال وزير الخارجية الأمريكية إن الأمر بسيط."
    assert split_keywords("الخارجية الأمريكية روسيا", known(), text) == [
        "الخارجية الأمريكية",
        "روسيا",
    ]


def test_punctuation_in_the_article_breaks_a_sequence() -> None:
    text = "حرب روسيا - أوكرانيا"
    assert split_keywords("روسيا أوكرانيا", known(), text) == ["روسيا", "أوكرانيا"]


def test_a_known_name_is_not_swallowed_by_a_longer_article_sequence() -> None:
    text = "الرئيس الروسي فلاديمير بوتين"
    raw = "الرئيس الروسي فلاديمير بوتين"
    assert split_keywords(raw, known("فلاديمير بوتين"), text) == [
        "الرئيس الروسي",
        "فلاديمير بوتين",
    ]


def test_a_known_multi_word_name_needs_no_article_evidence() -> None:
    assert split_keywords("روسيا الولايات المتحدة", known("الولايات المتحدة"), "") == [
        "روسيا",
        "الولايات المتحدة",
    ]


def test_noun_and_nisba_adjective_stay_together() -> None:
    assert split_keywords("سوريا الأزمة الأوكرانية", known(), "") == ["سوريا", "الأزمة الأوكرانية"]


def test_a_conjunction_joins_a_known_name_to_the_one_before() -> None:
    assert split_keywords("أميركا وروسيا", known("أميركا", "روسيا"), "") == ["أميركا وروسيا"]


def test_diacritics_do_not_hide_an_article_sequence() -> None:
    assert split_keywords("الحرب في أوكرانيا", known(), "وقف الحَرب في أوكرانيا") == [
        "الحرب في أوكرانيا"
    ]


def test_duplicates_are_dropped_in_first_seen_order() -> None:
    assert split_keywords("روسيا سوريا روسيا", known(), "") == ["روسيا", "سوريا"]


WORDS = [
    "روسيا",
    "الولايات",
    "المتحدة",
    "الأزمة",
    "الأوكرانية",
    "وروسيا",
    "في",
    "أوكرانيا",
    "بوتين",
]


@settings(max_examples=200, deadline=1000)
@given(
    st.lists(st.sampled_from(WORDS), max_size=9, unique=True),
    st.lists(st.sampled_from([*WORDS, "،", "."]), max_size=30),
)
def test_keywords_cut_the_line_without_losing_or_reordering_words(
    tokens: list[str], article: list[str]
) -> None:
    predicate = known("الولايات المتحدة", "روسيا", "أوكرانيا")
    keywords = split_keywords(" ".join(tokens), predicate, " ".join(article))
    assert " ".join(keywords) == " ".join(tokens)
    assert keywords == split_keywords(" ".join(tokens), predicate, " ".join(article))
