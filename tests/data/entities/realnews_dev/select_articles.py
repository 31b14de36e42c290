#!/usr/bin/env python3
"""Select the development articles: 24 SaudiNewsNet articles, none of them in the blind set.

The same content-blind rule as ../realnews/select_articles.py (source, URL order, title present,
80-600 body words, exact duplicates dropped; places per source by largest remainder), with two
differences: 24 places, and the systematic sample takes positions ``int((j + 0.25) * m / n)``
instead of ``(j + 0.5)``, skipping any article of the blind set. Standard library only.

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
SAMPLE_SIZE = 24
OFFSET = 0.25


def blind_rule():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("blind_select", BLIND / "select_articles.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def select(articles: list[dict]) -> list[dict]:
    rule = blind_rule()
    blind = {
        json.loads(line)["url"]
        for line in (BLIND / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    pool = [a for a in rule.eligible(articles) if a["url"] not in blind]
    by_source: dict[str, list[dict]] = {}
    for a in pool:
        by_source.setdefault(a["source"], []).append(a)
    alloc = rule.allocate({s: len(v) for s, v in by_source.items()}, SAMPLE_SIZE + 0)
    chosen = []
    for s in sorted(by_source):
        items, n = by_source[s], alloc[s]
        chosen.extend(items[int((j + OFFSET) * len(items) / n)] for j in range(n))
    chosen.sort(key=lambda a: a["url"])
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset_dir")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    chosen = select(blind_rule().load(args.dataset_dir))
    rows = [
        {"id": f"{100 + i:03d}", "source": a["source"], "url": a["url"],
         "date_extracted": a["date_extracted"], "title": a["_title"], "corpus": "SaudiNewsNet",
         "words": a["_words"]}
        for i, a in enumerate(chosen, 1)
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
