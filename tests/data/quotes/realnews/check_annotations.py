#!/usr/bin/env python3
"""Validate the quotation annotations (annotations/NNN.json) against the real news articles
(tests/data/entities/realnews/articles/NNN.txt); standard library only.

    python3 check_annotations.py              # check every annotation file present
    python3 check_annotations.py --complete   # also fail when an article has no file
    python3 check_annotations.py --offsets 007 "نص"   # offsets of a string in an article
    python3 check_annotations.py --set ../realnews_quotes_dev --complete   # another set

``--set`` names a folder holding ``annotations/``; its articles are its own ``articles/`` when it
has one (the quotation development set), else the entity folder of the same name
(``realnews_dev``).

Errors (exit status 1): a file that is not valid JSON or not of the format in GUIDELINES.md
section 4; offsets out of range; text not equal to the substring; a span that is empty, starts
or ends with whitespace, or crosses a line break without ``multi_paragraph``; quotations not
sorted or overlapping; a ``speaker_kind`` other than person, organization, description or null,
or one that does not agree with a null speaker; a speaker that does not occur in the article.

Warnings: a span not enclosed by quotation marks (after skipping spaces).
Prints the number of annotated articles, quotations and speakers by kind.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"person", "organization", "description", None}
REQUIRED = {"id", "annotator", "quotes"}
OPTIONAL = {"notes"}
QUOTE_KEYS = {"start", "end", "text", "speaker", "speaker_kind", "multi_paragraph"}
OPENING = set("«\"“”„")
CLOSING = set("»\"”“")


def check(path: Path, text: str) -> tuple[list[str], list[str], list[dict]]:
    name = path.name
    errors: list[str] = []
    warnings: list[str] = []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{name}: not valid JSON ({exc})"], [], []
    if not isinstance(data, dict) or not REQUIRED <= data.keys() <= REQUIRED | OPTIONAL:
        return [f"{name}: keys must be {sorted(REQUIRED)} plus optional {sorted(OPTIONAL)}"], [], []
    if data["id"] != path.stem:
        errors.append(f"{name}: id {data['id']!r} differs from the file name")
    quotes = data["quotes"]
    if not isinstance(quotes, list):
        return [f"{name}: quotes must be a list"], [], []
    previous_end = -1
    for i, q in enumerate(quotes):
        where = f"{name} quote {i}"
        if not isinstance(q, dict) or set(q) != QUOTE_KEYS:
            errors.append(f"{where}: keys must be {sorted(QUOTE_KEYS)}")
            continue
        start, end = q["start"], q["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            errors.append(f"{where}: offsets {start}..{end} out of range or empty")
            continue
        span = text[start:end]
        if span != q["text"]:
            errors.append(f"{where}: text differs from article[{start}:{end}] = {span!r}")
        if span != span.strip():
            errors.append(f"{where}: starts or ends with whitespace")
        if "\n" in span and not q["multi_paragraph"]:
            errors.append(f"{where}: crosses a line break without multi_paragraph")
        if start < previous_end:
            errors.append(f"{where}: not sorted or overlaps the previous quotation")
        previous_end = end
        if q["speaker_kind"] not in KINDS:
            errors.append(f"{where}: speaker_kind {q['speaker_kind']!r}")
        if (q["speaker"] is None) != (q["speaker_kind"] is None):
            errors.append(f"{where}: speaker and speaker_kind must both be null or neither")
        if q["speaker"] is not None and q["speaker"] not in text:
            errors.append(f"{where}: speaker {q['speaker']!r} does not occur in the article")
        before = text[:start].rstrip(" ")
        after = text[end:].lstrip(" ")
        if not (before and before[-1] in OPENING and after and after[0] in CLOSING):
            warnings.append(f"{where}: not enclosed by quotation marks: {span[:40]!r}")
    return errors, warnings, quotes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complete", action="store_true")
    parser.add_argument("--offsets", nargs=2, metavar=("ID", "STRING"))
    parser.add_argument("--set", type=Path, default=HERE, help="folder holding annotations/")
    args = parser.parse_args()
    folder = args.set.resolve()
    own = folder / "articles"
    articles = own if own.is_dir() else HERE.parents[1] / "entities" / folder.name / "articles"
    if args.offsets:
        aid, needle = args.offsets
        text = (articles / f"{aid}.txt").read_text(encoding="utf-8")
        at = text.find(needle)
        while at >= 0:
            print(at, at + len(needle))
            at = text.find(needle, at + 1)
        return 0
    errors: list[str] = []
    warnings: list[str] = []
    kinds: collections.Counter[str] = collections.Counter()
    files = sorted((folder / "annotations").glob("*.json"))
    for path in files:
        article = articles / f"{path.stem}.txt"
        if not article.exists():
            errors.append(f"{path.name}: no article {article.name}")
            continue
        e, w, quotes = check(path, article.read_text(encoding="utf-8"))
        errors += e
        warnings += w
        kinds.update(str(q.get("speaker_kind")) for q in quotes if isinstance(q, dict))
    if args.complete:
        done = {p.stem for p in files}
        errors += [f"{a.stem}: no annotation file" for a in sorted(articles.glob("*.txt"))
                   if a.stem not in done]
    for line in warnings:
        print("warning:", line)
    for line in errors:
        print("error:", line)
    print(f"{len(files)} articles, {sum(kinds.values())} quotations, speakers {dict(kinds)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
