#!/usr/bin/env python3
"""Redo the selection of the 48 SaudiNewsNet articles in this folder.

Standard library only. It reads the 18 ZIP archives of the SaudiNewsNet
repository (dataset/YYYY-MM-DD.zip, commit
4e39239966c2ae8a3faa591201acb9cd1f51199d of github.com/inparallel/SaudiNewsNet,
formerly github.com/ParallelMazen/SaudiNewsNet) and applies the rule written in
README.md ("Selection rule"). The rule looks only at the source, the URL, the
title being non-empty, the body's word count and exact duplicates; never at
what the text says.

    python3 select_articles.py DATASET_DIR            # print the selection
    python3 select_articles.py DATASET_DIR --write    # (re)write articles/ and articles.jsonl

DATASET_DIR is a folder holding the dataset/*.zip files of the corpus.
--write overwrites articles/NNN.txt and articles.jsonl; it never touches annotations/.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

SAMPLE_SIZE = 48
MIN_WORDS = 80
MAX_WORDS = 600
HERE = Path(__file__).resolve().parent


def load(dataset_dir: str) -> list[dict]:
    paths = sorted(Path(dataset_dir).glob("*.zip"))
    if not paths:
        sys.exit(f"no *.zip in {dataset_dir}")
    articles = []
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            for name in sorted(zf.namelist()):
                articles.extend(json.loads(zf.read(name).decode("utf-8")))
    return articles


def clean_body(content: str) -> str:
    """Line endings to \\n, trailing whitespace off every line, leading and
    trailing blank lines (and whitespace) off the whole body. Nothing else."""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


def clean_title(title: str) -> str:
    return " ".join(title.replace("\r", "\n").split("\n")).strip()


def eligible(articles: list[dict]) -> list[dict]:
    """Articles in URL order, non-empty title, MIN_WORDS..MAX_WORDS body words,
    first of each group of exact duplicates (body compared with whitespace runs
    collapsed) kept."""
    seen: set[str] = set()
    out = []
    for a in sorted(articles, key=lambda a: a["url"]):
        title = clean_title(a["title"])
        body = clean_body(a["content"])
        words = body.split()
        key = " ".join(words)
        if key in seen:
            continue
        seen.add(key)
        if not title or not MIN_WORDS <= len(words) <= MAX_WORDS:
            continue
        out.append(dict(a, _title=title, _body=body, _words=len(words)))
    return out


def allocate(counts: dict[str, int], total: int) -> dict[str, int]:
    """One article per source, the rest by largest remainder (Hamilton)
    in proportion to the eligible counts; ties by source id ascending."""
    sources = sorted(counts)
    rest = total - len(sources)
    n_all = sum(counts.values())
    quotas = {s: rest * counts[s] / n_all for s in sources}
    alloc = {s: 1 + int(quotas[s]) for s in sources}
    left = total - sum(alloc.values())
    order = sorted(sources, key=lambda s: (-(quotas[s] - int(quotas[s])), s))
    for s in order[:left]:
        alloc[s] += 1
    return alloc


def select(articles: list[dict]) -> list[dict]:
    pool = eligible(articles)
    by_source: dict[str, list[dict]] = {}
    for a in pool:
        by_source.setdefault(a["source"], []).append(a)
    alloc = allocate({s: len(v) for s, v in by_source.items()}, SAMPLE_SIZE)
    chosen = []
    for s in sorted(by_source):
        items = by_source[s]  # already in URL order
        m, n = len(items), alloc[s]
        chosen.extend(items[int((j + 0.5) * m / n)] for j in range(n))
    chosen.sort(key=lambda a: a["url"])
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset_dir")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    chosen = select(load(args.dataset_dir))
    rows = []
    for i, a in enumerate(chosen, 1):
        rows.append(
            {
                "id": f"{i:03d}",
                "source": a["source"],
                "url": a["url"],
                "date_extracted": a["date_extracted"],
                "title": a["_title"],
                "corpus": "SaudiNewsNet",
                "words": a["_words"],
            }
        )
        print(f'{i:03d}\t{a["source"]}\t{a["date_extracted"]}\t{a["_words"]}\t{a["url"]}')
    if args.write:
        (HERE / "articles").mkdir(parents=True, exist_ok=True)
        for row, a in zip(rows, chosen, strict=True):
            path = HERE / "articles" / (row["id"] + ".txt")
            with path.open("w", encoding="utf-8", newline="\n") as f:
                f.write(a["_title"] + "\n\n" + a["_body"] + "\n")
        with (HERE / "articles.jsonl").open("w", encoding="utf-8", newline="\n") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles, {sum(r['words'] for r in rows)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
