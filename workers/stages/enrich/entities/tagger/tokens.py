"""Tokens and sentences of a normalised text, as the tagger sees them.

ANERcorp, the training corpus, writes punctuation as tokens of its own and keeps clitics on the
word (``وبالرياض`` is one token), so a token here is a run of letters and digits or one other
visible character. A sentence ends at a line break or after sentence-final punctuation: the
model was trained on sentences, and a line never holds two paragraphs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

TOKEN = re.compile(r"[^\W_]+|\S")
_TOKEN_OR_LINE_BREAK = re.compile(r"\n|[^\W_]+|\S")
_SENTENCE_END = frozenset(".!?؟")


class Token(NamedTuple):
    """One token: its text and its span in the normalised text."""

    text: str
    start: int
    end: int


class Tokens(NamedTuple):
    """A text's tokens in order, and the same tokens grouped by sentence."""

    all: list[Token]
    sentences: list[list[Token]]


def tokenize(text: str) -> Tokens:
    """The tokens and sentences of ``text`` (one pass; every sentence non-empty)."""
    every: list[Token] = []
    result: list[list[Token]] = []
    current: list[Token] = []
    for match in _TOKEN_OR_LINE_BREAK.finditer(text):
        word = match.group()
        if word == "\n":
            if current:
                result.append(current)
                current = []
            continue
        token = Token(word, match.start(), match.end())
        every.append(token)
        current.append(token)
        if word in _SENTENCE_END:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return Tokens(every, result)


def sentences(text: str) -> list[list[Token]]:
    """The sentences of ``text``, each a non-empty list of tokens in order."""
    return tokenize(text).sentences


def next_start(norm: str, position: int) -> int:
    """The first position at or after ``position`` that is not white space."""
    return position + len(norm[position:]) - len(norm[position:].lstrip())
