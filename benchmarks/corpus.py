"""A reproducible benchmark corpus of raw files built from the five seeds' structures.

Five files are too few to measure anything and real crawls cannot be shipped, so the corpus
recombines the seeds' own pieces (headlines, paragraphs, captions, embeds, bylines, sources,
keyword lines, read-also blocks, related-headline lists) with varied counts, order, datelines,
labels (every label the split stage knows, from ``workers/data/split/ar.toml``), line
separators and encodings (UTF-8, CRLF, UTF-16, cp1256), plus a small share of files that must
become dead letters (binary, whitespace only). Each file comes from its own
``random.Random(f"{seed}-{index}")``, so the same seed always gives the same bytes and file i
does not depend on how many files were asked for. Nothing is written to the repository.

    .venv/bin/python benchmarks/corpus.py --out /tmp/khabar-corpus   # writes 5,000 files
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SPLIT_DATA = ROOT / "workers" / "data" / "split" / "ar.toml"

DEFAULT_COUNT = 5000
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر")
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2} GMT$")
CREDIT = re.compile(r"\(([^()]{2,30})\)\s*$")
LATIN = re.compile(r"[A-Za-z]")
ARABIC = re.compile(r"[\u0600-\u06FF]")
# Encodings and their shares: the rest is plain UTF-8 with LF.
ENCODINGS = (("utf-8-crlf", 0.10), ("utf-16", 0.05), ("cp1256", 0.05), ("utf-8-sig", 0.02))
DEAD_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class CorpusFile:
    name: str
    data: bytes
    encoding: str
    dead: bool  # True when the file is meant to become a dead letter


@dataclass(frozen=True, slots=True)
class Pools:
    """The seeds' pieces, by kind."""

    headlines: tuple[str, ...]
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]
    english_captions: tuple[str, ...]
    embeds: tuple[str, ...]
    bylines: tuple[str, ...]
    sources: tuple[str, ...]
    keywords: tuple[str, ...]
    quirks: tuple[str, ...]  # lines where a label is glued to the text, as crawlers leave them
    labels: dict[str, tuple[str, ...]]


def _labels() -> dict[str, tuple[str, ...]]:
    fallback = {
        "read_also": ["إقرأ أيضاً"], "related_labels": ["مقالات مشابهة", "أخبار ذات صلة"],
        "dateline_labels": ["تاريخ النشر"], "source_labels": ["المصدر"],
        "keyword_labels": ["كلمات دلالية"], "boilerplate": ["تابع أحدث الأخبار عبر تطبيق"],
    }
    data: dict[str, object] = {}
    if SPLIT_DATA.exists():
        data = tomllib.loads(SPLIT_DATA.read_text(encoding="utf-8"))
    result = {}
    for key, default in fallback.items():
        value = data.get(key)
        items = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        result[key] = tuple(items or default)
    return result


def _starts_with_label(line: str, labels: dict[str, tuple[str, ...]]) -> str | None:
    for group in ("read_also", "related_labels", "dateline_labels", "source_labels",
                  "keyword_labels", "boilerplate"):
        for label in labels[group]:
            if line.startswith(label):
                return group
    return None


@cache
def seed_pools() -> Pools:
    """Classify every seed line once; crude on purpose, the pieces only need the right shape."""
    labels = _labels()
    kinds: dict[str, set[str]] = {k: set() for k in (
        "headlines", "paragraphs", "captions", "english", "embeds", "bylines", "sources",
        "keywords", "quirks")}
    for path in SEEDS:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        after_marker = False
        for number, line in enumerate(lines):
            group = _starts_with_label(line, labels)
            body = line.split(":", 1)[1].strip() if ":" in line else ""
            if group == "read_also":
                after_marker = True
                continue
            if group == "source_labels" and body:
                kinds["sources"].add(body)
            elif group == "keyword_labels" and body:
                kinds["keywords"].add(body)
            elif group == "related_labels" and len(line) > 40:
                kinds["quirks"].add(line)
            elif group is not None or STAMP.match(line) or line.endswith(":"):
                pass
            elif "pic.twitter.com" in line:
                kinds["embeds"].add(line)
            elif not ARABIC.search(line) and LATIN.search(line):
                kinds["english"].add(line)
            elif (m := CREDIT.search(line)) and len(line) < 200 and len(m.group(1)) < 20:
                (kinds["bylines"] if len(line) < 40 else kinds["captions"]).add(line)
            elif line.startswith("•"):
                kinds["headlines"].add(line.lstrip("• ").strip())
            elif len(line) < 40 and not line.endswith(":") and any(
                w in line for w in ("وكالات", "متابعات")
            ):
                kinds["bylines"].add(line)
            elif number == 0 or after_marker or (len(line) < 110 and not line.endswith(":")):
                kinds["headlines"].add(line)
            elif len(line) >= 110:
                kinds["paragraphs"].add(line)
            after_marker = False
    return Pools(
        headlines=tuple(sorted(kinds["headlines"])),
        paragraphs=tuple(sorted(kinds["paragraphs"])),
        captions=tuple(sorted(kinds["captions"])),
        english_captions=tuple(sorted(kinds["english"])),
        embeds=tuple(sorted(kinds["embeds"])),
        bylines=tuple(sorted(kinds["bylines"])),
        sources=tuple(sorted(kinds["sources"])),
        keywords=tuple(sorted(kinds["keywords"])),
        quirks=tuple(sorted(kinds["quirks"])),
        labels=labels,
    )


def _dateline(rng: Random, label: str) -> str:
    year, month, day = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
    if rng.random() < 0.7:
        suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
        return f"{label}: {day}{suffix}, {MONTHS_EN[month - 1]} {year} GMT"
    return f"{label}: {day} {MONTHS_AR[month - 1]} {year} - {rng.randint(0, 23):02d}:" \
           f"{rng.randint(0, 59):02d}"


def _body(rng: Random, pools: Pools, low: int, high: int) -> list[str]:
    lines = rng.sample(pools.paragraphs, min(rng.randint(low, high), len(pools.paragraphs)))
    if pools.captions and rng.random() < 0.3:
        at = rng.randint(0, len(lines))
        pair = [rng.choice(pools.english_captions)] if pools.english_captions else []
        lines[at:at] = [*pair, rng.choice(pools.captions)]
    if pools.embeds and rng.random() < 0.1:
        lines.insert(rng.randint(0, len(lines)), rng.choice(pools.embeds))
    if pools.quirks and rng.random() < 0.1:
        lines.insert(rng.randint(1, len(lines)), rng.choice(pools.quirks))
    if rng.random() < 0.1:
        lines.insert(rng.randint(0, len(lines)), rng.choice(pools.labels["boilerplate"]))
    return lines


def _main_article(rng: Random, pools: Pools) -> list[str]:
    lines: list[str] = []
    if rng.random() < 0.2:
        y, mo, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
        hh, mm, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        lines += ["الثورة نت:", f"{y}-{mo:02d}-{d:02d}@{hh:02d}:{mm:02d}:{ss:02d} GMT"]
    lines.append(rng.choice(pools.headlines))
    if rng.random() < 0.8:
        lines.append(_dateline(rng, rng.choice(pools.labels["dateline_labels"])))
    if pools.bylines and rng.random() < 0.3:
        lines.append(rng.choice(pools.bylines))
    lines += _body(rng, pools, 2, 12)
    if pools.sources and rng.random() < 0.85:
        lines.append(f"{rng.choice(pools.labels['source_labels'])}: {rng.choice(pools.sources)}")
    if pools.keywords and rng.random() < 0.5:
        lines.append(f"{rng.choice(pools.labels['keyword_labels'])}: "
                     f"{rng.choice(pools.keywords)}")
    return lines


def _read_also(rng: Random, pools: Pools) -> list[str]:
    marker = rng.choice(pools.labels["read_also"])
    headline = rng.choice(pools.headlines)
    lines = [f"{marker}: {headline}"] if rng.random() < 0.2 else [f"{marker}:", headline]
    lines += _body(rng, pools, 1, 6)
    if pools.sources and rng.random() < 0.4:
        lines.append(f"{pools.labels['source_labels'][0]}: {rng.choice(pools.sources)}")
    return lines


def _related(rng: Random, pools: Pools) -> list[str]:
    lines = [rng.choice(pools.labels["related_labels"])]
    for headline in rng.sample(pools.headlines, min(rng.randint(2, 5), len(pools.headlines))):
        stamp = ""
        if rng.random() < 0.3:
            stamp = f" {rng.randint(1, 28)} {rng.choice(MONTHS_AR)} {rng.randint(2019, 2026)}"
        lines.append(f"  • {headline}{stamp}" if rng.random() < 0.6 else headline + stamp)
    return lines


def _dead(rng: Random) -> tuple[bytes, str]:
    if rng.random() < 0.5:
        return bytes(rng.randrange(256) for _ in range(rng.randint(200, 2000))), "binary"
    return rng.choice([b" \n\t\n", b"\r\n\r\n   \r\n", b"\n\n\n"]), "whitespace"


def _encode(rng: Random, text: str) -> tuple[bytes, str]:
    draw, threshold = rng.random(), 0.0
    for name, share in ENCODINGS:
        threshold += share
        if draw < threshold:
            if name == "utf-8-crlf":
                return text.replace("\n", "\r\n").encode("utf-8"), name
            return text.encode(name, errors="replace"), name
    return text.encode("utf-8"), "utf-8"


def make_file(seed: int, index: int) -> CorpusFile:
    rng = Random(f"{seed}-{index}")  # noqa: S311 - reproducible, not secret
    if rng.random() < DEAD_SHARE:
        data, kind = _dead(rng)
        return CorpusFile(f"{index:05d}_{kind}.txt", data, kind, True)
    pools = seed_pools()
    lines = _main_article(rng, pools)
    for _ in range(rng.choices((0, 1, 2, 3), weights=(35, 40, 15, 10))[0]):
        lines += _read_also(rng, pools)
    if rng.random() < 0.3:
        lines += _related(rng, pools)
    separator = "\n\n" if rng.random() < 0.3 else "\n"
    data, encoding = _encode(rng, separator.join(lines) + "\n")
    return CorpusFile(f"{index:05d}_{encoding}.txt", data, encoding, False)


def generate(count: int = DEFAULT_COUNT, seed: int = 0) -> list[CorpusFile]:
    return [make_file(seed, index) for index in range(count)]


def write(files: list[CorpusFile], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in files:
        path = folder / item.name
        path.write_bytes(item.data)
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the files to")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    files = generate(args.count, args.seed)
    write(files, args.out)
    shares = Counter(f.encoding for f in files)
    size = sum(len(f.data) for f in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB in {args.out}; "
          + ", ".join(f"{k} {v}" for k, v in sorted(shares.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
