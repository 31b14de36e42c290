"""Quotations and speakers on real news nobody here wrote: the 48 SaudiNewsNet articles of
tests/data/entities/realnews, with quotations annotated blind (tests/data/quotes/realnews).

Run: ``.venv/bin/python tests/eval/quotes_realnews.py [--errors]``. Prints a markdown table:
quote detection (precision, recall) and speakers, with the real entity stage. Scoring is the
one of ``tests/eval/quotes.py`` (a quotation is found when its text equals a gold one; a
speaker is right when the normalised names contain one another). Quotations that run over a
line break are counted in "all" and left out of "one paragraph" (khabar takes quotations
within one paragraph by design). ``--dev`` scores the development sets instead: 84 other
SaudiNewsNet articles (tests/data/quotes/realnews_dev) and 30 chosen for their quotations
(tests/data/quotes/realnews_quotes_dev). ``--errors`` lists every miss: that is for
the development set; on the blind set it makes the set no longer blind for the rules it shows.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.eval.quotes import Scores, error_lines, finder_for, score  # noqa: E402

DATA = ROOT / "tests" / "data"
# (annotations, articles) of the blind set and of the development sets, whose errors may be read
SETS = {
    "blind": [(DATA / "quotes" / "realnews" / "annotations", DATA / "entities" / "realnews")],
    "dev": [
        (DATA / "quotes" / "realnews_dev" / "annotations", DATA / "entities" / "realnews_dev"),
        (DATA / "quotes" / "realnews_quotes_dev" / "annotations",
         DATA / "quotes" / "realnews_quotes_dev"),
    ],
}


def load_articles(*, one_paragraph: bool = False, which: str = "blind") -> list[dict[str, Any]]:
    """The annotated articles in the shape ``tests/eval/quotes.py`` scores."""
    articles = []
    for notes, folder in SETS[which]:
        for path in sorted(notes.glob("*.json")):
            annotation = json.loads(path.read_text(encoding="utf-8"))
            quotes = [
                {"text": q["text"], "speaker": q["speaker"]}
                for q in annotation["quotes"]
                if not (one_paragraph and q["multi_paragraph"])
            ]
            text = (folder / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8")
            articles.append({"id": path.stem, "file": "realnews", "text": text, "quotes": quotes})
    return articles


def evaluate(which: str = "blind") -> dict[str, Scores]:
    _, finder = finder_for("real")
    return {
        "all": score(load_articles(which=which), finder),
        "one paragraph": score(load_articles(one_paragraph=True, which=which), finder),
    }


def report(which: str = "blind") -> str:
    lines = [
        f"Quotations on real news ({which} set): {len(load_articles(which=which))} articles, "
        "entities: real find_entities",
        "",
        "| quotations | gold | found | precision | recall | speaker right of found |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in evaluate(which).items():
        lines.append(
            f"| {name} | {s.gold} | {s.spans_correct} | {s.span_precision:.3f} | "
            f"{s.span_recall:.3f} | {s.speaker_right_of_found:.3f} "
            f"({s.speakers_correct}/{s.speakers_found}) |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every miss (unblinds)")
    parser.add_argument("--dev", action="store_true", help="the development set, not the blind")
    args = parser.parse_args()
    which = "dev" if args.dev else "blind"
    print(report(which))
    if args.errors:
        print("\n".join(error_lines(load_articles(which=which), finder_for("real")[1])))


if __name__ == "__main__":
    main()
