"""Entity evaluation: document-level (type, id) precision and recall per entity type.

Corpus: tests/data/entities/seeds.jsonl (the nine seed articles, headline + body + captions,
annotated by hand) and tests/data/entities/articles.jsonl (further hand-written, hand-annotated
articles). Run: ``.venv/bin/python tests/eval/entities.py [--errors]``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workers.stages.enrich.entities import find_entities  # noqa: E402

DATA = ROOT / "tests" / "data" / "entities"
FILES = ("seeds.jsonl", "articles.jsonl", "holdout.jsonl", "fresh.jsonl")
TYPES = ("person", "location", "organization", "media")
# Floors checked by tests/unit/enrich/entities/test_eval.py; raise them, never lower them silently.
# These articles were written for the rules, so they are unit tests, not the quality figure
# (that is tests/eval/entities_realnews.py). Organisation precision was lowered from 0.95 to
# 0.88 when the tagger and the body rule replaced the rules (2026-12-05): they now find bodies
# such as "وزارة الدفاع الأوكرانية" that these annotations expect under ids the gazetteer does
# not have, so each counts as a false hit and a miss.
FLOORS = {
    "person": (0.95, 0.90),
    "location": (0.95, 0.90),
    "organization": (0.88, 0.88),
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load(files: tuple[str, ...] = FILES) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name in files:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def corpus_sha256() -> str:
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((DATA / name).read_bytes())
    return digest.hexdigest()


def evaluate(errors: list[str] | None = None, files: tuple[str, ...] = FILES) -> dict[str, Score]:
    scores = {kind: Score() for kind in TYPES}
    for row in load(files):
        text = str(row["text"])
        expected = {(str(t), str(i)) for t, i in row["expected"]}  # type: ignore[attr-defined]
        found = {(e.type, e.id) for e in find_entities(text)}
        for kind, entity_id in found | expected:
            score = scores[kind]
            if (kind, entity_id) in found and (kind, entity_id) in expected:
                score.tp += 1
            elif (kind, entity_id) in found:
                score.fp += 1
                if errors is not None:
                    errors.append(f"{row['id']}\tFP\t{kind}\t{entity_id}")
            else:
                score.fn += 1
                if errors is not None:
                    errors.append(f"{row['id']}\tFN\t{kind}\t{entity_id}")
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = [
        "| type | expected | found | correct | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = Score()
    for kind in TYPES:
        s = scores[kind]
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        lines.append(
            f"| {kind} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} "
            f"| {s.precision:.3f} | {s.recall:.3f} |"
        )
    lines.append(
        f"| all | {total.tp + total.fn} | {total.tp + total.fp} | {total.tp} "
        f"| {total.precision:.3f} | {total.recall:.3f} |"
    )
    return "\n".join(lines)


def main() -> None:
    errors: list[str] = []
    scores = evaluate(errors)
    rows = load()
    print(f"{len(rows)} articles, corpus sha256 {corpus_sha256()[:16]}\n")
    print(table(scores))
    for name in FILES:
        print(f"\n{name} ({len(load((name,)))} articles)\n")
        print(table(evaluate(files=(name,))))
    if "--errors" in sys.argv:
        print("\n" + "\n".join(sorted(errors)))


if __name__ == "__main__":
    main()
