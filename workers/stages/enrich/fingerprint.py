"""A 64-bit SimHash of an article: what story clusters compare (``workers.stages.cluster``).

Why not PyPI ``simhash`` 2.1.2: it needs numpy (not otherwise a dependency of the workers)
and hashes each feature with MD5 through Python-level loops; this module is the same
algorithm (Charikar's SimHash) in a few lines with ``hashlib.blake2b`` (8-byte digests, no
salt, so the value is the same in every process, unlike the built-in ``hash()``) and counts the
bits with ``bytes.translate`` in C instead of a Python loop per bit.

Features: word 3-shingles of the normalised headline and paragraphs (captions left out: the
same photo credit would make unrelated articles look alike).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from workers.stages.text.arabic import normalize_arabic

BITS = 64
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
