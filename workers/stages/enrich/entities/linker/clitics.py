"""Where a tagged name starts inside its first token, after the clitics written on it.

The model tags whole tokens, clitics included (``وبالرياض``); the mention starts where the
gazetteer name starts inside the token, otherwise after a conjunction and preposition when what
is left is a word the text or the training corpus uses more often than the whole token (وكيري →
كيري, but واشنطن and بيروت stay whole), or, for a token the raw text never uses, a word it does
(بفابيان → فابيان).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.tagger.features import (
    ARTICLE,
    CONJUNCTIONS,
    PREPOSITIONS,
    TO_THE,
    RawCounts,
    given_names,
    raw_counts,
    strip_proclitics,
)
from workers.stages.enrich.entities.tagger.model import Tagged
from workers.stages.enrich.entities.tagger.tokens import Token

_MIN_REST = 2
_MIN_RAW_WORD = 4
PROCLITIC_LETTERS = frozenset(CONJUNCTIONS + PREPOSITIONS)


class StandingAlone(Mapping[str, int]):
    """How often a word stands alone: in the article, plus in the training corpus. The rest of
    a clitic-bearing word need not occur alone in the article itself (وعبد الله: the article
    never writes عبد alone; the corpus does, 103 times)."""

    def __init__(self, article: Mapping[str, int], lexicon: Mapping[str, int]) -> None:
        self._article = article
        self._lexicon = lexicon

    def __getitem__(self, word: str) -> int:
        count = self._article.get(word, 0) + self._lexicon.get(word, 0)
        if not count and word not in self._article and word not in self._lexicon:
            raise KeyError(word)
        return count

    def __iter__(self) -> Iterator[str]:
        yield from self._article
        yield from (word for word in self._lexicon if word not in self._article)

    def __len__(self) -> int:
        return len(self._article) + sum(1 for word in self._lexicon if word not in self._article)


def prefix_cuts(word: str) -> list[int]:
    """How many leading letters could be clitics: a conjunction, then a preposition."""
    cuts = []
    first = 1 if word[:1] in CONJUNCTIONS else 0
    if first:
        cuts.append(1)
    if word[first : first + 1] in PREPOSITIONS:
        cuts.append(first + 1)
    return [cut for cut in cuts if len(word) - cut >= _MIN_REST]


def clitic_length(word: str, counts: Mapping[str, int], raw: RawCounts | None = None) -> int:
    """How many letters of the first word of a tagged name are clitics, not name.

    ``counts`` tells how often a word stands alone (in the article and the training corpus).
    ``raw`` (how often the raw text uses a word) decides only what they leave open, for a
    whole word the raw text never uses: بفابيان → فابيان, a word it knows; but ليستر, which it
    knows, stays whole though يستر ("veils") is commoner, and a short rest is never taken
    (ليو, not يو).
    """
    cuts = prefix_cuts(word)
    if not cuts or word in given_names():
        return 0  # فيصل, بسام: not ف + يصل ("arrives"), ب + سام, however common the rest
    for cut in cuts:  # للرياض = ل + (ا)لرياض, للندن = ل + لندن: the span starts at the second ل
        if word[cut - 1 : cut + 1] == TO_THE:
            return cut
    for cut in reversed(cuts):  # والرياض, بالرياض, وبالرياض
        if word[cut:].startswith(ARTICLE) and len(word) - cut > len(ARTICLE) + 1:
            return cut
    for cut in reversed(cuts):  # لمحمد, ولأحمد: a given name after the clitics
        if word[cut:] in given_names():
            return cut
    best, best_count = 0, counts.get(word, 0)
    for cut in cuts:
        count = counts.get(word[cut:], 0)
        if count > best_count:
            best, best_count = cut, count
    if best or raw is None or word in raw:
        return best
    for cut in reversed(cuts):
        if len(word) - cut >= _MIN_RAW_WORD and word[cut:] in raw:
            return cut
    return 0


def trim(tagged: Tagged, names: list[Span], counts: Mapping[str, int]) -> tuple[int, int]:
    token_end = tagged.start + len(tagged.first_token)
    for name in names:
        if tagged.start < name.start < token_end and name.end <= tagged.end:
            return name.start, tagged.end
    return tagged.start + clitic_length(tagged.first_token, counts, raw_counts()), tagged.end


def definite_start(token: Token) -> tuple[int, str] | None:
    """Where a definite word's name starts inside its token, after its clitics, and the word
    without them: وللحكومة → (the second ل, حكومه), as the guidelines mark للرياض (the article's
    ا is not written after لل). None when the word is not definite."""
    clitics, stem = strip_proclitics(token.text)
    if not is_definite(clitics):
        return None
    return token.start + len(clitics) - (1 if clitics.endswith(TO_THE) else len(ARTICLE)), stem


def is_definite(clitics: str) -> bool:
    """Whether a word's proclitics (:func:`strip_proclitics`) end with the article: ال, or
    لل (ل + ال)."""
    return clitics.endswith((ARTICLE, TO_THE))
