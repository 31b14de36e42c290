#!/usr/bin/env python3
"""Select the development articles: 84 SaudiNewsNet articles, none of them in the blind set.

The same content-blind rule as ../realnews/select_articles.py (source, URL order, title present,
80-600 body words, exact duplicates dropped; places per source by largest remainder), drawn in
three batches that differ from the blind set's draw in their size and in where the systematic
sample falls:

- ids 101-124 (2026-12-05): 24 places at positions ``int((j + 0.25) * m / n)``, skipping the
  blind set;
- ids 125-154 (2026-12-07): 30 places at positions ``int((j + 0.75) * m / n)``, skipping the
  blind set, the first batch and the quotation development set
  (../../quotes/realnews_quotes_dev, which was drawn skipping the first batch only);
- ids 155-184 (2026-12-07, later): 30 places at positions ``int((j + 0.125) * m / n)``,
  skipping all of the above.

Standard library only.

    python3 select_articles.py DATASET_DIR            # print the selection
    python3 select_articles.py DATASET_DIR --write    # (re)write articles/ and articles.jsonl
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLIND = HERE.parent / "realnews"
QUOTES_DEV = HERE.parents[1] / "quotes" / "realnews_quotes_dev"
# (first id, places, offset of the systematic sample) per batch, in the order they were drawn
BATCHES = ((101, 24, 0.25), (125, 30, 0.75), (155, 30, 0.125))


def blind_rule():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("blind_select", BLIND / "select_articles.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def urls(folder: Path) -> set[str]:
    return {
        json.loads(line)["url"]
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }


def draw(eligible: list[dict], skip: set[str], size: int, offset: float) -> list[dict]:
    """One batch: places per source by largest remainder, one systematic sample per source."""
    rule = blind_rule()
    by_source: dict[str, list[dict]] = {}
    for a in eligible:
        if a["url"] not in skip:
            by_source.setdefault(a["source"], []).append(a)
    alloc = rule.allocate({s: len(v) for s, v in by_source.items()}, size)
    chosen = []
    for s in sorted(by_source):
        items, n = by_source[s], alloc[s]
        chosen.extend(items[int((j + offset) * len(items) / n)] for j in range(n))
    chosen.sort(key=lambda a: a["url"])
    return chosen


def select(articles: list[dict]) -> list[tuple[int, list[dict]]]:
    """(first id, articles in URL order) per batch."""
    eligible = blind_rule().eligible(articles)
    skip = urls(BLIND)
    batches = []
    for number, (first_id, size, offset) in enumerate(BATCHES):
        if number == 1:
            skip |= urls(QUOTES_DEV)
        chosen = draw(eligible, skip, size, offset)
        skip |= {a["url"] for a in chosen}
        batches.append((first_id, chosen))
    return batches


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset_dir")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    batches = select(blind_rule().load(args.dataset_dir))
    chosen = [a for _first, batch in batches for a in batch]
    rows = [
        {"id": f"{first + i:03d}", "source": a["source"], "url": a["url"],
         "date_extracted": a["date_extracted"], "title": a["_title"], "corpus": "SaudiNewsNet",
         "words": a["_words"]}
        for first, batch in batches for i, a in enumerate(batch)
    ]
    for row in rows:
        print(f'{row["id"]}\t{row["source"]}\t{row["words"]}\t{row["url"]}')
    if args.write:
        (HERE / "articles").mkdir(parents=True, exist_ok=True)
        for row, a in zip(rows, chosen, strict=True):
            with (HERE / "articles" / (row["id"] + ".txt")).open("w", encoding="utf-8",
                                                                  newline="\n") as f:
                f.write(a["_title"] + "\n\n" + a["_body"] + "\n")
        with (HERE / "articles.jsonl").open("w", encoding="utf-8", newline="\n") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles, {sum(r['words'] for r in rows)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
