#!/usr/bin/env python3
"""Validate annotations/NNN.json against articles/NNN.txt (standard library only).

    python3 check_annotations.py              # check every annotation file present
    python3 check_annotations.py --complete   # also fail when an article has no annotation file
    python3 check_annotations.py --strict     # also fail on warnings (spans inside words)
    python3 check_annotations.py --offsets 007 "جازان"   # print offsets of a string in an article

Errors (exit status 1): a file that is not valid JSON or not of the format in
GUIDELINES.md section 7; offsets out of range or not integers; text not equal to the
substring; a type other than PER, LOC, ORG, DEMONYM; entities not sorted by start;
overlapping or duplicate spans; spans that are empty, cross a line break or start or
end with whitespace; the set itself inconsistent (an article file missing, its title
line or word count differing from articles.jsonl).

Warnings: a span that starts inside a word other than after proclitics (و ف, then ب ل
ك, then an optional tatweel), or that ends inside a word; a span starting or ending
with a quote or punctuation mark; DEMONYM spans in a file marked demonyms_marked false.

Prints the number of annotated articles and the count of spans per type.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = ("PER", "LOC", "ORG", "DEMONYM")
REQUIRED_KEYS = {"id", "annotator", "entities"}
OPTIONAL_KEYS = {"demonyms_marked", "notes"}
ENTITY_KEYS = {"start", "end", "type", "text"}
PROCLITICS = re.compile(r"^[وف]?[بلك]?ـ?$")
EDGE_PUNCT = set("«»\"'“”‘’()[]{}<>،,.:;؛!?؟-–—/")


def word_char(ch: str) -> bool:
    """A character that belongs to a word: letters, digits, marks, tatweel."""
    cat = unicodedata.category(ch)
    return cat[0] in "LNM" or ch == "ـ"


def load_set() -> tuple[list[dict], dict[str, str], list[str]]:
    errors = []
    rows = []
    with (HERE / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    texts = {}
    for row in rows:
        path = HERE / "articles" / (row["id"] + ".txt")
        if not path.exists():
            errors.append(f"articles/{row['id']}.txt: missing")
            continue
        text = path.read_text(encoding="utf-8")
        texts[row["id"]] = text
        title, sep, body = text.partition("\n\n")
        if not sep or title != row["title"]:
            errors.append(
                f"articles/{row['id']}.txt: first line differs from the title in articles.jsonl"
            )
        if len(body.split()) != row["words"]:
            errors.append(
                f"articles/{row['id']}.txt: {len(body.split())} body words,"
                f" articles.jsonl says {row['words']}"
            )
    return rows, texts, errors


def check_file(path: Path, aid: str, text: str) -> tuple[list[str], list[str], list[dict]]:
    name = str(path.relative_to(HERE))
    errors: list[str] = []
    warnings: list[str] = []
    try:
        with path.open(encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as exc:
        return [f"{name}: not readable as UTF-8 JSON: {exc}"], [], []
    if not isinstance(doc, dict):
        return [f"{name}: top level is not an object"], [], []
    missing = REQUIRED_KEYS - doc.keys()
    unknown = doc.keys() - REQUIRED_KEYS - OPTIONAL_KEYS
    if missing:
        errors.append(f"{name}: missing keys {sorted(missing)}")
    if unknown:
        errors.append(f"{name}: unknown keys {sorted(unknown)}")
    if doc.get("id") != aid:
        errors.append(f"{name}: id is {doc.get('id')!r}, expected {aid!r}")
    if not isinstance(doc.get("annotator"), str) or not doc.get("annotator", "").strip():
        errors.append(f"{name}: annotator must be a non-empty string")
    if "demonyms_marked" in doc and not isinstance(doc["demonyms_marked"], bool):
        errors.append(f"{name}: demonyms_marked must be true or false")
    if "notes" in doc and not isinstance(doc["notes"], str):
        errors.append(f"{name}: notes must be a string")
    entities = doc.get("entities")
    if not isinstance(entities, list):
        errors.append(f"{name}: entities must be a list")
        return errors, warnings, []
    good = []
    for i, e in enumerate(entities):
        where = f"{name}: entity {i}"
        if not isinstance(e, dict) or set(e.keys()) != ENTITY_KEYS:
            errors.append(f"{where}: must be an object with exactly the keys {sorted(ENTITY_KEYS)}")
            continue
        s, t = e["start"], e["end"]
        if not (type(s) is int and type(t) is int):
            errors.append(f"{where}: start and end must be integers")
            continue
        if not 0 <= s < t <= len(text):
            errors.append(
                f"{where}: [{s}, {t}) out of range (text has {len(text)} characters, end > start)"
            )
            continue
        where = f"{name}: entity {i} [{s}, {t}) {e.get('text')!r}"
        if e["type"] not in TYPES:
            errors.append(f"{where}: type {e['type']!r} not in {TYPES}")
        if e["text"] != text[s:t]:
            errors.append(f"{where}: text differs from the article substring {text[s:t]!r}")
            continue
        span = text[s:t]
        if "\n" in span:
            errors.append(f"{where}: crosses a line break")
        if span != span.strip():
            errors.append(f"{where}: starts or ends with whitespace")
        # word-boundary warnings
        w = s
        while w > 0 and word_char(text[w - 1]):
            w -= 1
        if w < s and not PROCLITICS.match(text[w:s]):
            warnings.append(
                f"{where}: starts inside the word {text[w:t]!r} after {text[w:s]!r},"
                " not a proclitic"
            )
        if t < len(text) and word_char(text[t]) and t > 0 and word_char(text[t - 1]):
            warnings.append(f"{where}: ends inside a word (next character {text[t]!r})")
        if span[0] in EDGE_PUNCT or span[-1] in EDGE_PUNCT:
            warnings.append(f"{where}: starts or ends with punctuation")
        if e["type"] == "DEMONYM" and doc.get("demonyms_marked") is False:
            warnings.append(f"{where}: DEMONYM in a file with demonyms_marked false")
        good.append(e)
    for a, b in itertools.pairwise(good):
        if (b["start"], b["end"]) < (a["start"], a["end"]):
            errors.append(
                f"{name}: entities not sorted by start ({a['start']} before {b['start']})"
            )
    ordered = sorted(good, key=lambda x: (x["start"], x["end"]))
    reach = None  # the span reaching furthest right so far
    for b in ordered:
        if reach is not None and (reach["start"], reach["end"]) == (b["start"], b["end"]):
            errors.append(f"{name}: duplicate span [{b['start']}, {b['end']})")
        elif reach is not None and b["start"] < reach["end"]:
            errors.append(
                f"{name}: overlapping spans [{reach['start']}, {reach['end']}) {reach['text']!r}"
                f" and [{b['start']}, {b['end']}) {b['text']!r}"
            )
        if reach is None or b["end"] > reach["end"]:
            reach = b
    return errors, warnings, good


def print_offsets(texts: dict[str, str], aid: str, needle: str) -> int:
    text = texts.get(aid)
    if text is None:
        print(f"no article {aid}", file=sys.stderr)
        return 2
    i = text.find(needle)
    if i < 0:
        print(f"{needle!r} not found in {aid}")
        return 1
    while i >= 0:
        line = text.count("\n", 0, i) + 1
        ctx = text[max(0, i - 20) : i + len(needle) + 20].replace("\n", " ")
        found = {"start": i, "end": i + len(needle), "text": needle}
        print(json.dumps(found, ensure_ascii=False), f"line {line}: …{ctx}…")
        i = text.find(needle, i + 1)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Validate annotations/NNN.json against articles/NNN.txt."
    )
    ap.add_argument(
        "--complete", action="store_true", help="fail when an article has no annotation file"
    )
    ap.add_argument("--strict", action="store_true", help="fail on warnings too")
    ap.add_argument(
        "--set", default=None, metavar="DIR",
        help="another set of articles annotated by these guidelines (default: this folder)",
    )
    ap.add_argument(
        "--offsets",
        nargs=2,
        metavar=("ID", "STRING"),
        help="print the offsets of STRING in article ID",
    )
    args = ap.parse_args()
    if args.set:
        global HERE  # the folder every path of this script is relative to
        HERE = Path(args.set).resolve()

    rows, texts, errors = load_set()
    if args.offsets:
        return print_offsets(texts, args.offsets[0], args.offsets[1])

    warnings: list[str] = []
    ids = [r["id"] for r in rows]
    ann_dir = HERE / "annotations"
    present = sorted(p.name for p in ann_dir.iterdir()) if ann_dir.is_dir() else []
    counts: collections.Counter[str] = collections.Counter()
    annotated = []
    for fname in present:
        path = ann_dir / fname
        if path.is_dir() or fname.startswith("."):
            continue
        m = re.fullmatch(r"(\d{3})\.json", fname)
        if not m or m.group(1) not in texts:
            errors.append(f"annotations/{fname}: not named NNN.json for an article of the set")
            continue
        e, w, good = check_file(path, m.group(1), texts[m.group(1)])
        errors += e
        warnings += w
        annotated.append(m.group(1))
        counts.update(x["type"] for x in good)
    missing = [i for i in ids if i not in annotated]
    if missing and args.complete:
        errors.append(f"no annotation file for {len(missing)} articles: {' '.join(missing)}")

    for msg in warnings:
        print("warning:", msg)
    for msg in errors:
        print("error:", msg)
    not_yet = f"; not yet: {' '.join(missing)}" if missing else ""
    print(f"{len(annotated)}/{len(ids)} articles annotated" + not_yet)
    for t in TYPES:
        print(f"{t:8} {counts[t]}")
    print(f"{'all':8} {sum(counts.values())}")
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
