"""Cut one line of text into runs of a single writing system.

A paragraph of Arabic that quotes ``(The Wall Street Journal)`` holds two languages; langdetect,
given the whole line, would drop the Latin letters and call it all Arabic. Cutting at script
changes first lets each run be judged on its own letters, with candidates limited to the
languages its script can carry. Runs too small to be judged (``RT``, ``GMT``) are folded into a
neighbour instead of becoming a segment of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workers.stages.language.patterns import DIGIT_RE, NOISE, RUN_RE, Hint

MIN_LETTERS = 5
"""Fewer letters than this is not language: a run this small is folded into its neighbour, and
a line with no bigger run is ``und``."""

NUMERIC_LETTERS = 20
"""A line with fewer letters than this and at least as many digits is a date or a figure."""


@dataclass(slots=True)
class Run:
    start: int  # offset of the first letter of the run's first word, in the line
    end: int  # offset just after the run's last word
    script: str  # name of the script with most letters in the run (scripts.toml)
    letters: int  # letters only (count_letters): no digits, punctuation, marks, addresses


def blank_noise(line: str) -> str:
    """The line with addresses, handles and digit-bearing words replaced by spaces.

    Same length as ``line``, so offsets found in the result are offsets into the line.
    """
    return _blank(line, NOISE)


def _blank(line: str, noise: Sequence[tuple[Hint, re.Pattern[str]]]) -> str:
    for hint, pattern in noise:
        if hint(line):
            line = pattern.sub(_spaces, line)
    return line


def _noise_in(lines: list[str]) -> list[tuple[Hint, re.Pattern[str]]]:
    """The noise patterns whose hint some of ``lines`` passes, asked once of all of them.

    Skipping the others per line changes nothing: a hint that holds for a line holds for the
    lines joined (no hint can match a line break), and blanking never makes a hint hold that
    did not (it turns whole tokens or words into spaces, and no hint matches a space).
    """
    joined = "\n".join(lines)
    return [(hint, pattern) for hint, pattern in NOISE if hint(joined)]


def _spaces(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


_NON_LETTERS = tuple(" .,،:;؛?؟!\"'«»“”()-–—/" + "".join(map(chr, range(0x064B, 0x0653))))
"""The non-letters most runs hold: spaces, common punctuation, Arabic short-vowel marks."""


def count_letters(text: str) -> int:
    """Alphabetic characters (``str.isalpha``): not digits, punctuation, spaces or vowel marks.

    Removing the usual non-letters and asking ``isalpha`` of the rest is several times cheaper
    than testing every character, which remains the fallback; both give the same count.
    """
    bare = text
    for char in _NON_LETTERS:
        if char in bare:
            bare = bare.replace(char, "")
    if bare.isalpha():
        return len(bare)
    return sum(map(str.isalpha, text))


def split_runs(masked: str) -> list[Run]:
    """Runs of ``masked`` (the output of :func:`blank_noise`), sorted and non-overlapping.

    A run under :data:`MIN_LETTERS` joins the run before it (or the one after it, at the start
    of the line); a merged run keeps the script that has more letters in it, and two runs of the
    same script that become adjacent are joined.
    """
    matches = list(RUN_RE.finditer(masked))
    if len(matches) == 1:  # the common case: a line in one script
        (match,) = matches
        return [Run(match.start(), match.end(), match.lastgroup or "", count_letters(match[0]))]
    merged: list[Run] = []
    for match in matches:
        script = match.lastgroup or ""
        letters = count_letters(match[0])
        if merged and (
            script == merged[-1].script or letters < MIN_LETTERS or merged[-1].letters < MIN_LETTERS
        ):
            last = merged[-1]
            keep = last.script if last.letters >= letters else script
            merged[-1] = Run(last.start, match.end(), keep, last.letters + letters)
        else:
            merged.append(Run(match.start(), match.end(), script, letters))
    return merged


def line_runs(line: str) -> tuple[str, list[Run]]:
    """The line with its noise blanked, and its runs; no runs for a date or a figure."""
    return _line_runs(line, blank_noise(line))


def lines_runs(lines: list[str]) -> list[tuple[str, list[Run]]]:
    """:func:`line_runs` of each line, the noise hints asked once of all the lines."""
    noise = _noise_in(lines)
    return [_line_runs(line, _blank(line, noise)) for line in lines]


def _line_runs(line: str, masked: str) -> tuple[str, list[Run]]:
    runs = split_runs(masked)
    letters = runs[0].letters if len(runs) == 1 else sum(run.letters for run in runs)
    if letters < NUMERIC_LETTERS and len(DIGIT_RE.findall(line)) >= letters:
        return masked, []  # a date with a word or two around it: "20 أبريل 2025 - 11:04 مساءً"
    return masked, runs


def by_script(masked: str, runs: list[Run]) -> dict[str, tuple[str, int]]:
    """script → (its runs joined by spaces, their letters): what one verdict is drawn from.

    ``The sign read "…" in large golden letters`` around an Arabic quotation: alone, the
    20 letters after the quotation come out Norwegian; with the words before it, English.
    """
    pieces: dict[str, tuple[str, int]] = {}
    for run in runs:
        text = masked[run.start : run.end]
        if run.script in pieces:
            before, letters = pieces[run.script]
            pieces[run.script] = (f"{before} {text}", letters + run.letters)
        else:
            pieces[run.script] = (text, run.letters)
    return pieces
