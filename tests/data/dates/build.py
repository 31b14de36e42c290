"""Write labelled.jsonl from the case tables (cases_seeds.py, cases_own.py, cases_blind.py).

Run: .venv/bin/python tests/data/dates/build.py — the JSONL is committed; this script only
keeps it in one format. Each line: id, source, sentence, base (YYYY-MM-DD or null), expected
[{text, start, end, value, precision, kind, calendar}] with start/end found in the sentence
(left to right, each after the previous one).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases_blind import CASES as BLIND  # noqa: E402
from cases_own import CASES as OWN  # noqa: E402
from cases_seeds import CASES as SEEDS  # noqa: E402


def render() -> str:
    """The JSONL text of the labelled set, from the tables."""
    lines = []
    for number, (source, sentence, base, expected) in enumerate([*SEEDS, *OWN, *BLIND], 1):
        mentions = []
        cursor = 0
        for text, value, precision, kind, calendar in expected:
            start = sentence.index(text, cursor)
            cursor = start + len(text)
            mentions.append(
                {
                    "text": text,
                    "start": start,
                    "end": cursor,
                    "value": value,
                    "precision": precision,
                    "kind": kind,
                    "calendar": calendar,
                }
            )
        record = {
            "id": f"d{number:03d}",
            "source": source,
            "sentence": sentence,
            "base": base,
            "expected": mentions,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main() -> None:
    text = render()
    (HERE / "labelled.jsonl").write_text(text, encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    count = sum(len(r["expected"]) for r in records)
    print(f"{len(records)} sentences, {count} expected mentions")


if __name__ == "__main__":
    main()
