"""Raw Arabic text for the word clusters: openly licensed prose, as the tagger's tokens.

Two sources, both without any annotation (the clusters learn from context alone):

- **Hindawi public-domain books**, from a checkout of the OpenITI ``RAW_Hindawi`` repository
  (https://github.com/OpenITI/RAW_Hindawi, ``converted_mARkdownSimple/``). Hindawi's copyright
  page says of such a book that the text of the original work is in the public domain (its
  layout and cover are CC BY 4.0). Only books whose author died by 1372 AH (1953 CE) and which
  name no translator are read: a translation carries the translator's own rights.
- **Egyptian Arabic Wikipedia** (CC BY-SA 4.0), the WikiExtractor output published in
  https://github.com/motazsaad/arzWikiExtracts (a folder such as ``20181020/``).

Each yields sentences of normalised tokens, split as :mod:`tokens` splits an article, so a
cluster is looked up by exactly the word the tagger sees.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from workers.stages.enrich.entities.tagger.tokens import sentences
from workers.stages.text.arabic import normalize_arabic

LAST_DEATH_YEAR_AH = 1372  # public domain: the author died at least 70 years before 2023
HINDAWI_METADATA = "hindawi_metadata_man_2023-05-26.tsv"
HINDAWI_TEXTS = "converted_mARkdownSimple"
_HEADER_END = "#META#Header#End#"
_DOC_TAG = re.compile(r"^</?doc[ >]")


def hindawi_books(repository: Path) -> list[Path]:
    """The converted texts of the public-domain books, by name (a stable order)."""
    chosen: set[str] = set()
    with (repository / HINDAWI_METADATA).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            uri = row["BookURI"]
            died = uri[:4]
            if died.isdigit() and int(died) <= LAST_DEATH_YEAR_AH and row["TranslID"] == "None":
                chosen.add(uri)
    texts = sorted((repository / HINDAWI_TEXTS).iterdir())
    return [path for path in texts if path.is_file() and _book_uri(path.name) in chosen]


def _book_uri(file_name: str) -> str:
    """``0142IbnMuqaffac.AdabKabir.Hindawi84694028CL-ara1`` -> the metadata's BookURI."""
    return re.sub(r"(Vols)?CL-ara\d+(\.mARkdown)?$", "", file_name)


def _hindawi_paragraphs(path: Path) -> Iterator[str]:
    """A book's paragraphs: the text after its metadata header, headings left out, the lines
    a paragraph is wrapped over joined again."""
    text = path.read_text(encoding="utf-8", errors="replace")
    _header, _, body = text.partition(_HEADER_END)
    for block in re.split(r"\n\s*\n", body):
        lines = [line.strip() for line in block.splitlines()
                 if line.strip() and not line.lstrip().startswith("#")]
        if lines:
            yield " ".join(lines)


def _wikipedia_paragraphs(folder: Path) -> Iterator[str]:
    """Every article line of a WikiExtractor output folder (``AA/wiki_00`` ...), in order."""
    for path in sorted(p for p in folder.rglob("wiki_*") if p.is_file()):
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                # The extracts keep some escaped line breaks ("\\n") as text.
                text = line.replace("\\n", " ").strip()
                if text and not _DOC_TAG.match(text):
                    yield text


def token_sentences(paragraphs: Iterator[str]) -> Iterator[list[str]]:
    """The normalised token sentences of ``paragraphs``."""
    for paragraph in paragraphs:
        for sentence in sentences(normalize_arabic(paragraph)):
            yield [token.text for token in sentence]


def raw_sentences(hindawi: Path | None, wikipedia: Path | None) -> Iterator[list[str]]:
    """All sentences of both sources (either may be left out), books first."""
    if hindawi is not None:
        for book in hindawi_books(hindawi):
            yield from token_sentences(_hindawi_paragraphs(book))
    if wikipedia is not None:
        yield from token_sentences(_wikipedia_paragraphs(wikipedia))
