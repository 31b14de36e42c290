"""The one alternation builder: a trie and a longest-first list, both refusing an empty list."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workers.stages.text.alternation import longest_first, trie

WORDS = st.lists(st.text(alphabet="ابتم", min_size=1, max_size=5), min_size=1, max_size=12)


def test_the_trie_prefers_the_longer_continuation() -> None:
    pattern = re.compile(trie(["ماي", "مايو"], re.escape))
    assert pattern.match("مايو").group() == "مايو"
    assert pattern.match("ماي 5").group() == "ماي"


def test_a_space_in_a_phrase_matches_any_run_of_white_space() -> None:
    assert re.fullmatch(trie(["وكالة انباء"], re.escape), "وكالة \n انباء")


def test_longest_first_orders_by_the_given_length_then_code_point() -> None:
    assert longest_first(["ab", "abc", "b", "a"], re.escape) == "abc|ab|a|b"
    assert longest_first(["xx", "a"], re.escape, length=lambda p: -len(p)) == "a|xx"


def _by_trie(phrases: list[str]) -> str:
    return trie(phrases, re.escape)


def _by_list(phrases: list[str]) -> str:
    return longest_first(phrases, re.escape)


@pytest.mark.parametrize("build", [_by_trie, _by_list])
def test_an_empty_list_is_refused(build: Callable[[list[str]], str]) -> None:
    with pytest.raises(ValueError, match="empty"):
        build([])


@given(WORDS, st.text(alphabet="ابتم ", max_size=12))
def test_both_shapes_match_the_same_longest_phrase(words: list[str], text: str) -> None:
    """For literal phrases the two shapes are the same language, and at any position both take
    the longest phrase that is there."""
    by_trie = re.compile(trie(words, re.escape))
    by_list = re.compile(longest_first(words, re.escape))
    for start in range(len(text) + 1):
        a, b = by_trie.match(text, start), by_list.match(text, start)
        assert (a and a.group()) == (b and b.group())
