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
_SENTENCE_END = frozenset(".!?؟")


class Token(NamedTuple):
    """One token: its text and its span in the normalised text."""

    text: str
    start: int
    end: int


def sentences(text: str) -> list[list[Token]]:
    """The sentences of ``text``, each a non-empty list of tokens in order."""
    result: list[list[Token]] = []
    line_start = 0
    for line in text.split("\n"):
        current: list[Token] = []
        for match in TOKEN.finditer(line):
            word = match.group()
            current.append(Token(word, line_start + match.start(), line_start + match.end()))
            if word in _SENTENCE_END:
                result.append(current)
                current = []
        if current:
            result.append(current)
        line_start += len(line) + 1
    return result
