"""Evaluate date-mention extraction on the labelled set (tests/data/dates/labelled.jsonl).

Run: .venv/bin/python tests/eval/dates.py [--khabar-only]
Prints a markdown table of precision and recall for khabar's dates stage and, in the same run,
for ``dateparser.search.search_dates`` (languages ar/en/fr, RELATIVE_BASE = the sentence's base
date, PREFER_DATES_FROM left at its default).

Scores, per mention:
- span: the predicted [start, end) equals the labelled one;
- value: span right and value right (khabar: the exact ISO value; dateparser, which returns a
  datetime without a precision: the datetime formatted at the labelled precision, and for a
  labelled interval its first day);
- all fields: value right and precision, kind and calendar as labelled (khabar only:
  dateparser gives none of them);
- overlap: the predicted span overlaps a labelled one (a lenient span score).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workers.stages.dates import find_dates  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "dates" / "labelled.jsonl"
FLOORS = {"precision": 0.97, "recall": 0.95}

# start, end, value, and (precision, kind, calendar) when the system gives them
Prediction = tuple[int, int, str | datetime, tuple[str, str, str] | None]
System = Callable[[str, date | None], list[Prediction]]


@dataclass
class Scores:
    name: str
    predicted: int = 0
    expected: int = 0
    span: int = 0
    value: int = 0
    fields: int = 0  # value right and precision, kind and calendar right too
    overlap_p: int = 0
    overlap_r: int = 0
    seconds: float = 0.0
    wrong_seed_sentences: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def ratio(self, hits: int, total: int) -> float:
        return hits / total if total else 1.0

    @property
    def span_precision(self) -> float:
        return self.ratio(self.span, self.predicted)

    @property
    def span_recall(self) -> float:
        return self.ratio(self.span, self.expected)

    @property
    def value_precision(self) -> float:
        return self.ratio(self.value, self.predicted)

    @property
    def value_recall(self) -> float:
        return self.ratio(self.value, self.expected)


def load_cases() -> list[dict[str, object]]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def khabar(sentence: str, base: date | None) -> list[Prediction]:
    return [
        (m.start, m.end, m.value, (m.precision, m.kind, m.calendar))
        for m in find_dates(sentence, base)
    ]


def dateparser_system() -> System:
    from dateparser.search import search_dates

    def run(sentence: str, base: date | None) -> list[Prediction]:
        settings = {}
        if base is not None:
            settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
        found = search_dates(sentence, languages=["ar", "en", "fr"], settings=settings) or []
        out: list[Prediction] = []
        cursor = 0
        for text, moment in found:
            start = sentence.find(text, cursor)
            if start < 0:
                start = sentence.find(text)
            if start < 0:
                continue
            cursor = start + len(text)
            out.append((start, start + len(text), moment, None))
        return out

    return run


FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


def value_matches(predicted: str | datetime, expected: dict[str, object]) -> bool:
    if isinstance(predicted, str):
        return predicted == expected["value"]
    wanted = str(expected["value"]).split("/")[0]
    return predicted.strftime(FORMATS.get(str(expected["precision"]), "%Y-%m-%d")) == wanted


def evaluate(name: str, system: System, cases: list[dict[str, object]]) -> Scores:
    scores = Scores(name)
    began = time.perf_counter()
    for case in cases:
        sentence = str(case["sentence"])
        base = date.fromisoformat(str(case["base"])) if case["base"] else None
        expected: list[dict[str, object]] = case["expected"]  # type: ignore[assignment]
        predicted = system(sentence, base)
        gold = {(int(e["start"]), int(e["end"])): e for e in expected}  # type: ignore[call-overload]
        scores.predicted += len(predicted)
        scores.expected += len(expected)
        sentence_ok = len(predicted) == len(expected)
        for start, end, value, extra in predicted:
            label = gold.get((start, end))
            if label is not None:
                scores.span += 1
                if value_matches(value, label):
                    scores.value += 1
                    if extra == (label["precision"], label["kind"], label["calendar"]):
                        scores.fields += 1
                    continue
            sentence_ok = False
            scores.errors.append(f"{case['id']} got {sentence[start:end]!r} = {value}")
        for start, end, *_ in predicted:
            if any(start < e_end and e_start < end for e_start, e_end in gold):
                scores.overlap_p += 1
        for e_start, e_end in gold:
            if any(start < e_end and e_start < end for start, end, *_ in predicted):
                scores.overlap_r += 1
            if not any((start, end) == (e_start, e_end) for start, end, *_ in predicted):
                scores.errors.append(f"{case['id']} missed {sentence[e_start:e_end]!r}")
        if not sentence_ok and str(case["source"]).startswith("seed:"):
            scores.wrong_seed_sentences.append(str(case["id"]))
    scores.seconds = time.perf_counter() - began
    return scores


def table(results: list[Scores], cases: int) -> str:
    rows = [
        f"Labelled set: {cases} sentences, {results[0].expected} expected mentions "
        f"({LABELLED.relative_to(ROOT)}).",
        "",
        "| system | span P | span R | value P | value R | all fields R | overlap P | overlap R "
        "| seed sentences wrong | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in results:
        fields = f"{s.ratio(s.fields, s.expected):.3f}" if s.name.startswith("khabar") else "n/a"
        rows.append(
            f"| {s.name} | {s.span_precision:.3f} | {s.span_recall:.3f} "
            f"| {s.value_precision:.3f} | {s.value_recall:.3f} "
            f"| {fields} "
            f"| {s.ratio(s.overlap_p, s.predicted):.3f} | {s.ratio(s.overlap_r, s.expected):.3f} "
            f"| {len(s.wrong_seed_sentences)} | {s.seconds:.2f} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--khabar-only", action="store_true", help="skip dateparser (slow)")
    parser.add_argument("--errors", action="store_true", help="list khabar's errors")
    args = parser.parse_args()
    cases = load_cases()
    results = [evaluate("khabar dates", khabar, cases)]
    if not args.khabar_only:
        results.append(evaluate("dateparser search_dates", dateparser_system(), cases))
    print(table(results, len(cases)))
    if args.errors:
        print("\n".join(results[0].errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
