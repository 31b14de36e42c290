"""Evaluation of the language stage over ``tests/data/language/eval.tsv``.

Run ``.venv/bin/python tests/eval/language.py``: prints a markdown table of accuracy per class
and overall, then the target checks. ``tests/unit/language/test_eval.py`` runs the same
:func:`evaluate` and fails when a target or the accuracy floor is missed.
"""

from __future__ import annotations

import csv
import hashlib
import platform
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workers.stages.language import line_segments, text_language  # noqa: E402
from workers.stages.language.detect import default_backend  # noqa: E402
from workers.stages.language.patterns import SCRIPT_LANGUAGES, WORD_RE  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "language" / "eval.tsv"
LONG_LETTERS = 20  # "seed segments of at least 20 letters" must all be right


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    lang: str
    cls: str
    origin: str
    parts: tuple[str, ...]

    @property
    def letters(self) -> int:
        return sum(ch.isalpha() for ch in self.text)


@dataclass
class Report:
    total: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[Item, str]] = field(default_factory=list)
    long_seed_misses: list[tuple[Item, str]] = field(default_factory=list)
    junk_misses: list[tuple[Item, str]] = field(default_factory=list)
    script_violations: list[tuple[Item, str, str]] = field(default_factory=list)
    wrong_language: list[tuple[Item, str]] = field(default_factory=list)  # not und, not right
    parts_total: int = 0
    parts_correct: int = 0

    @property
    def accuracy(self) -> float:
        return sum(self.correct.values()) / max(1, sum(self.total.values()))


def load_corpus(path: Path = CORPUS) -> list[Item]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(handle)
    while lines and lines[0].startswith("#"):  # the leading comment block, not "#1" rows
        lines.pop(0)
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        Item(
            row["text"],
            row["lang"],
            row["class"],
            row["origin"],
            tuple(p for p in row["parts"].split(",") if p),
        )
        for row in rows
    ]


def corpus_sha256(path: Path = CORPUS) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _script_of(text: str) -> str | None:
    """The script of a text whose letters all belong to one script, else None."""
    scripts = {match.lastgroup for match in WORD_RE.finditer(text)}
    return scripts.pop() if len(scripts) == 1 else None


def _collapse(langs: Iterable[str]) -> tuple[str, ...]:
    """Languages in order with repeats merged: ar, ar (around an und name) → ar."""
    out: list[str] = []
    for lang in langs:
        if not out or out[-1] != lang:
            out.append(lang)
    return tuple(out)


def evaluate(items: list[Item]) -> Report:
    report = Report()
    for item in items:
        got = text_language(item.text).code
        report.total[item.cls] += 1
        if got == item.lang:
            report.correct[item.cls] += 1
        else:
            report.failures.append((item, got))
            if got != "und":
                report.wrong_language.append((item, got))
            if item.cls.startswith("seed") and item.letters >= LONG_LETTERS:
                report.long_seed_misses.append((item, got))
            if item.cls.endswith("junk"):
                report.junk_misses.append((item, got))
        segments = line_segments(item.text)
        for segment in segments:
            script = _script_of(item.text[segment.start : segment.end])
            if script and segment.lang != "und" and segment.lang not in SCRIPT_LANGUAGES[script]:
                report.script_violations.append((item, segment.lang, script))
        if item.parts:
            report.parts_total += 1
            found = _collapse(s.lang for s in segments if s.lang != "und")
            report.parts_correct += found == item.parts
    return report


def markdown(report: Report) -> str:
    lines = ["| class | segments | correct | accuracy |", "|---|---:|---:|---:|"]
    for cls in sorted(report.total):
        total, correct = report.total[cls], report.correct[cls]
        lines.append(f"| {cls} | {total} | {correct} | {correct / total:.1%} |")
    total, correct = sum(report.total.values()), sum(report.correct.values())
    lines.append(f"| **overall** | {total} | {correct} | **{correct / total:.1%}** |")
    if report.parts_total:
        share = report.parts_correct / report.parts_total
        lines.append(
            f"| mixed lines: every sub-segment right | {report.parts_total} "
            f"| {report.parts_correct} | {share:.1%} |"
        )
    return "\n".join(lines)


def main() -> int:
    items = load_corpus()
    report = evaluate(items)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"Language stage evaluation, {stamp}, {platform.node() or 'unknown host'}, "
        f"backend {default_backend().name}, corpus sha256 {corpus_sha256()[:16]}\n"
    )
    print(markdown(report))
    print()
    print(f"- seed segments of >= {LONG_LETTERS} letters wrong: {len(report.long_seed_misses)}")
    print(f"- junk lines not und: {len(report.junk_misses)}")
    print(f"- segments tagged outside their script: {len(report.script_violations)}")
    print(f"- lines given a wrong language (not und): {len(report.wrong_language)}")
    for item, got in report.failures:
        print(f"  miss [{item.cls}] expected {item.lang} got {got}: {item.text[:70]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
