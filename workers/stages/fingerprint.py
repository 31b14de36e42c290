"""A 64-bit SimHash of an article and near-duplicate lookup over a banded index.

Why not PyPI ``simhash`` 2.1.2: it needs numpy (not otherwise a dependency of the workers)
and hashes each feature with MD5 through Python-level loops; this module is the same
algorithm (Charikar's SimHash) in a few lines with ``hashlib.blake2b`` (8-byte digests, no
salt, so the value is the same in every process, unlike the built-in ``hash()``) and counts the
bits with ``bytes.translate`` in C instead of a Python loop per bit.

Features: word 3-shingles of the normalised headline and paragraphs (captions left out: the
same photo credit would make unrelated articles look alike).

Duplicates (``find_duplicate``): LSH with 4 bands of 16 bits. Two fingerprints at Hamming
distance ≤ 3 differ in at most 3 bands, so they share at least one band key. Index keys are
``"<band#>:<band hex>"``, values lists of ``"<fingerprint>:<article_id>"`` in insertion order,
each kept to its first ``MAX_BAND_ENTRIES`` entries (a full list never changes again, which
keeps redelivery answers stable and the table bounded).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import MutableMapping, Sequence

from workers.stages.arabic import normalize_arabic

BITS = 64
BANDS = 4
BAND_HEX = BITS // BANDS // 4  # 4 hex digits per 16-bit band
MAX_DISTANCE = 3
MAX_BAND_ENTRIES = 64
SHINGLE = 3
_WORD_RE = re.compile(r"\w+")
# _BIT_TABLES[j] maps a byte to 1 if its bit j is set, else 0: ``translate`` + ``count`` then
# counts set bits of one byte position over all digests in C.
_BLAKE = hashlib.blake2b(digest_size=BITS // 8)  # copied, never updated itself
_BIT_TABLES = [bytes((value >> j) & 1 for value in range(256)) for j in range(8)]


def words(parts: Sequence[str]) -> list[str]:
    return _WORD_RE.findall(normalize_arabic(" ".join(parts)).lower())


def shingle_digests(tokens: Sequence[str]) -> bytes:
    """8-byte blake2b digests of every word 3-shingle (the UTF-8 words joined by one space),
    concatenated; a text of fewer words is one shingle.

    Each digest comes from a copy of one blake2b object set up for 8-byte digests: a third
    cheaper than building the hash from its parameters per shingle.
    """
    if len(tokens) < SHINGLE:
        shingles = [" ".join(tokens).encode("utf-8")] if tokens else []
    else:
        encoded = " ".join(tokens).encode("utf-8").split(b" ")  # words hold no space
        spaced = [word + b" " for word in encoded]
        shingles = [a + b + c for a, b, c in zip(spaced, spaced[1:], encoded[2:], strict=False)]
    fresh = _BLAKE.copy
    digests: list[bytes] = []
    for shingle in shingles:
        digest = fresh()
        digest.update(shingle)
        digests.append(digest.digest())
    return b"".join(digests)


def simhash(parts: Sequence[str]) -> str:
    """SimHash of the text parts as 16 lowercase hex digits; "0" * 16 for an empty text."""
    digests = shingle_digests(words(parts))
    if not digests:
        return "0" * (BITS // 4)
    half = len(digests) // (BITS // 8) / 2
    value = 0
    for position in range(BITS // 8):  # byte 0 is the most significant
        column = digests[position :: BITS // 8]
        for j in range(8):
            if column.translate(_BIT_TABLES[j]).count(1) > half:
                value |= 1 << ((BITS // 8 - 1 - position) * 8 + j)
    return f"{value:016x}"


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def band_keys(fingerprint: str) -> list[str]:
    return [f"{b}:{fingerprint[b * BAND_HEX : (b + 1) * BAND_HEX]}" for b in range(BANDS)]


def find_duplicate(
    fingerprint: str, article_id: str, index: MutableMapping[str, list[str]]
) -> str | None:
    """The id of the earliest registered *different* article within ``MAX_DISTANCE`` bits.

    Only entries registered before this article's own first registration count, so a
    redelivered article gets the same answer and never itself. Registers the article in each
    band that has room. "Earliest" is the lowest position in a shared band list (lowest band
    number on a tie): within one list that is insertion order.
    """
    me = f"{fingerprint}:{article_id}"
    best: tuple[int, int, str] | None = None
    for band, key in enumerate(band_keys(fingerprint)):
        entries = list(index.get(key, []))
        mine = entries.index(me) if me in entries else None
        for position, entry in enumerate(entries[:mine]):
            other_fp, _, other_id = entry.partition(":")
            if other_id == article_id or hamming(other_fp, fingerprint) > MAX_DISTANCE:
                continue
            if best is None or (position, band) < best[:2]:
                best = (position, band, other_id)
            break  # later entries of this list are later registrations
        if mine is None and len(entries) < MAX_BAND_ENTRIES:
            index[key] = [*entries, me]
    return best[2] if best else None
