#!/usr/bin/env python3
"""Select 30 quotation-rich SaudiNewsNet articles for developing the quote stage.

Unlike the blind set and the first development set (content-blind rules), this selection looks
at the text on purpose: it keeps articles whose body holds at least two stretches of 15 or more
characters between quotation marks on one line and one of the commonest verbs of saying, because
a development set for speakers needs quotations (the first development set held 7). Otherwise
the rule is the blind set's (../../entities/realnews/select_articles.py: URL order, title
present, 80-600 body words, exact duplicates dropped, places per source by largest remainder,
one systematic sample per source at positions ``int((j + 0.75) * m / n)``), skipping every
article of the blind set and of the first development set. Standard library only.

    python3 select_articles.py DATASET_DIR            # print the selection
    python3 select_articles.py DATASET_DIR --write    # (re)write articles/ and articles.jsonl
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENTITIES = HERE.parents[1] / "entities"
BLIND = ENTITIES / "realnews"
FIRST_DEV = ENTITIES / "realnews_dev"
SAMPLE_SIZE = 30
OFFSET = 0.75
FIRST_ID = 201
SECOND_DEV_BATCH = 125
QUOTED = re.compile(r'«[^»\n]{15,}»|"[^"\n]{15,}"|“[^”\n]{15,}”|”[^“\n]{15,}“')
SAYING = ("قال", "وقال", "وأضاف", "أضاف", "وأكد", "أكد", "وأوضح", "أوضح", "مضيفا", "مؤكدا")


def blind_rule():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("blind_select", BLIND / "select_articles.py")
    if spec is None or spec.loader is None:
        sys.exit("cannot load the blind set's selection rule")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def taken_urls() -> set[str]:
    """The blind set and the first development batch (ids below 125: the second batch was
    drawn later, skipping this set)."""
    urls: set[str] = set()
    for folder in (BLIND, FIRST_DEV):
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row and (folder != FIRST_DEV or int(row["id"]) < SECOND_DEV_BATCH):
                urls.add(row["url"])
    return urls


def quotation_rich(body: str) -> bool:
    words = set(body.split())
    return len(QUOTED.findall(body)) >= 2 and any(verb in words for verb in SAYING)


def select(articles: list[dict]) -> list[dict]:
    rule = blind_rule()
    taken = taken_urls()
    pool = [a for a in rule.eligible(articles)
            if a["url"] not in taken and quotation_rich(a["_body"])]
    by_source: dict[str, list[dict]] = {}
    for a in pool:
        by_source.setdefault(a["source"], []).append(a)
    alloc = rule.allocate({s: len(v) for s, v in by_source.items()}, SAMPLE_SIZE)
    chosen = []
    for s in sorted(by_source):
        items, n = by_source[s], min(alloc[s], len(by_source[s]))
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
        {"id": f"{FIRST_ID - 1 + i:03d}", "source": a["source"], "url": a["url"],
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
