"""The word before a name that says a place follows (مدينة جدة، محافظ الطائف): read by the
linker to keep a town the context supports, and by the club rule, which never takes a town so
introduced for its club however the adjective after it agrees (مدينة دبي الإماراتي)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from workers.stages.enrich.entities.tagger.tokens import Token
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import load_toml


@cache
def _place_words() -> frozenset[str]:
    words = load_toml("entities", "categories.toml")["places"]["before"]
    return frozenset(normalize_arabic(word) for word in words)


def token_before(tokens: Sequence[Token]) -> dict[int, Token]:
    """Each token's start -> the token before it."""
    return {tokens[i + 1].start: tokens[i] for i in range(len(tokens) - 1)}


def after_place_word(norm: str, start: int, previous: Mapping[int, Token]) -> bool:
    """Whether the word before ``start`` (``previous``: :func:`token_before`; same line, one
    space) says a place follows (محافظ الطائف، مدينة جدة)."""
    before = previous.get(start)
    return (before is not None and norm[before.end : start] == " "
            and before.text in _place_words())
