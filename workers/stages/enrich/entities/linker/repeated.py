"""Later mentions of names already found: news repeats a name in contexts the model reads
less surely than the first one."""

from __future__ import annotations

from collections.abc import Sequence

from workers.stages.enrich.entities.automaton import trigger_words
from workers.stages.enrich.entities.linker.clitics import PROCLITIC_LETTERS, prefix_cuts
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.tagger.tokens import TOKEN, Token

_MIN_SURNAME = 3


def repeated_mentions(norm: str, chosen: list[Span], tokens: Sequence[Token]) -> list[Span]:
    """Other occurrences of names already found in the article, and the surname alone of a
    person named in full ("سيغموند فرويد … فرويد"): news repeats a name in contexts the
    model reads less surely than the first one. Whole words, after clitics (و ف, then ب ل ك),
    on one line; not a stop word."""
    stopwords = trigger_words().stopwords
    known: dict[str, Span] = {}
    for span in chosen:
        if span.form != "name":
            continue
        words = norm[span.start : span.end].split()
        known.setdefault(" ".join(words), span)
        if span.type == "person" and len(words) > 1 and len(words[-1]) >= _MIN_SURNAME:
            known.setdefault(words[-1], span)
    by_first: dict[str, list[list[str]]] = {}
    for key in sorted(known, key=lambda k: (-len(k), k)):  # longest first
        words = key.split()
        if len(key) >= _MIN_SURNAME and key not in stopwords and all(
                TOKEN.fullmatch(word) for word in words):
            by_first.setdefault(words[0], []).append(words)
    if not by_first:
        return []
    taken = [(span.start, span.end) for span in chosen]
    taken_starts = {start for start, _end in taken}  # most matches are the mentions themselves
    found: list[Span] = []
    for index, (word, word_start, _word_end) in enumerate(tokens):
        if word not in by_first and word[1:] not in by_first and word[2:] not in by_first:
            continue  # clitics take at most two letters (prefix_cuts): no name starts here
        for cut in (0, *prefix_cuts(word)) if word[:1] in PROCLITIC_LETTERS else (0,):
            for words in by_first.get(word[cut:], ()):
                end = _phrase_end(norm, tokens, index, words)
                start = word_start + cut
                if end < 0 or start in taken_starts or any(
                        s < end and e > start for s, e in taken):
                    continue
                span = known[" ".join(words)]
                found.append(Span(start, end, span.entity_id, span.type, span.form))
                taken.append((start, end))
                taken_starts.add(start)
                break
    return found


def _phrase_end(norm: str, tokens: Sequence[Token], index: int,
                words: list[str]) -> int:
    """Where ``words`` end when they continue token ``index`` (spaces between, one line), or
    -1."""
    if index + len(words) > len(tokens):
        return -1
    for offset, word in enumerate(words[1:], 1):
        text, start, _end = tokens[index + offset]
        gap = norm[tokens[index + offset - 1][2] : start]
        if text != word or not gap or not gap.isspace() or "\n" in gap:
            return -1
    return tokens[index + len(words) - 1][2]
