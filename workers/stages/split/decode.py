"""Raw bytes → clean text, or a rejection that says why.

Order matters for speed and for correctness: byte-order marks are certain, strict UTF-8 is
almost certain (random legacy bytes are rarely valid UTF-8), and only what is left goes to
charset-normalizer, on a bounded sample because it is slow on big inputs. Its first guess is
then compared with the Arabic legacy code pages on a cheap plausibility score, because on short
Arabic samples it often prefers a Latin or Cyrillic code page that decodes without error but
yields nonsense.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from workers.errors import InputRejected
from workers.stages.limits import Limits

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of formats that are never article text (images, archives, executables, PDF).
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"RIFF",
    b"OggS",
    b"\x00\x00\x01\x00",
)

# Legacy code pages a newsroom's Arabic text arrives in; tried after charset-normalizer's guess.
_ARABIC_LEGACY = ("cp1256", "iso8859-6", "cp1252")
# charset-normalizer's guesses are only taken from this set: on short inputs it proposes
# EBCDIC or CJK code pages that decode without error into plausible-looking nonsense.
_NEWSROOM = frozenset(
    {*_ARABIC_LEGACY, "iso8859-1", "iso8859-15", "cp1250", "cp1251", "cp1253", "cp1254"}
)
_SAMPLE_BYTES = 64 * 1024
# More than this share of control characters and the "text" is binary data.
_MAX_CONTROL_SHARE = 0.01
# Broken sequences tolerated in UTF-8 text, per byte of well-formed multibyte text.
_MAX_BROKEN_UTF8 = 0.01
# A decoding whose implausibility per character is above this is not trusted.
_MAX_IMPLAUSIBILITY = 0.05

_TEXT_CONTROLS = b"\t\n\r\x0b\x0c\x1a\x1b"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f\x7f-\x9f\ufffd]")
_ARABIC = "\u0600-\u06ff\u0750-\u077f"
_LATIN1_LETTER = "\u00c0-\u00ff"
_LATIN = "A-Za-z\u00c0-\u00ff"
_MIXED = re.compile(f"[{_ARABIC}][{_LATIN}]|[{_LATIN}][{_ARABIC}]")
_LATIN1_PAIR = re.compile(f"[{_LATIN1_LETTER}]{{2}}")
# Tanween inside a word: ISO-8859-6 shows cp1256's ي as kasratan and ى as dammatan; correct
# Arabic only puts tanween at a word's end (fathatan before a final alef or alef maqsura).
_INNER_TANWEEN = re.compile(
    "[\u064c\u064d][\u0621-\u064a]|\u064b[\u0621-\u0626\u0628-\u0648\u064a]"
)
# Anything outside what these newsrooms print: ASCII, Latin-1 and French œ, Arabic,
# general punctuation, currency and letter-like symbols, arrows, bullets and shapes.
_FOREIGN = re.compile(
    "[^\t-\r\x20-\x7e\xa0-\xff\u0152\u0153\u0178\u0600-\u06ff\u0750-\u077f"
    "\u2000-\u206f\u20a0-\u20cf\u2100-\u215f\u2190-\u21ff\u25a0-\u25ff"
    "\ufb50-\ufdff\ufe70-\ufeff]"
)

# Line breaks of every flavour become "\n"; every space-like character becomes " ";
# zero-width and bidi controls disappear (they are invisible and break phrase matching).
_NEWLINES = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_INVISIBLE = (
    "\u00ad\u061c\u180e\ufeff"
    + "".join(map(chr, range(0x200B, 0x2010)))  # zero-width space/joiners, LRM, RLM
    + "".join(map(chr, range(0x202A, 0x202F)))  # bidi embeddings and overrides
    + "".join(map(chr, range(0x2060, 0x2065)))  # word joiner, invisible operators
    + "".join(map(chr, range(0x2066, 0x206A)))  # bidi isolates
)
_OTHER_CONTROLS = "".join(
    chr(c) for c in (*range(9), *range(14, 28), 31, *range(127, 160)) if c != 0x85
)


def _any_of(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]")


# One regex substitution per target instead of ``str.translate``: a translate table is a dict
# looked up for every character of non-ASCII text, several times slower than a regex scan, and
# the three character sets are disjoint and map to characters outside all of them, so applying
# them one after the other is the same single-pass mapping.
_TO_SPACE = _any_of(_SPACES + _OTHER_CONTROLS)
_TO_NEWLINE = _any_of(_NEWLINES)
_TO_NOTHING = _any_of(_INVISIBLE)
_ANY_MAPPED = _any_of(_SPACES + _OTHER_CONTROLS + _NEWLINES + _INVISIBLE)
_MULTI_SPACE = re.compile(" {2,}")
# Once every space-like character is " " and every line break "\n", the only white space left
# is those two, so the spaces around a line break are exactly what ``str.strip`` removes from
# each line.
_LINE_PADDING = re.compile("\n +| +\n *")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _reject(message: str, reason: str) -> InputRejected:
    return InputRejected(message, reason=reason)


def implausibility(text: str) -> float:
    """Penalty points per character; 0 for clean Arabic, English or French text.

    Wrong code pages leave fingerprints: C1 controls and U+FFFD, Arabic letters glued to
    Latin letters (ISO-8859-6 read as cp1256), runs of accented Latin letters (cp1256 read as
    cp1252), characters of scripts and blocks these newsrooms do not publish in.
    """
    if not text:
        return 0.0
    points = (
        10 * len(_CONTROL_CHARS.findall(text))
        + 5 * len(_MIXED.findall(text))
        + 3 * len(_LATIN1_PAIR.findall(text))
        + 3 * len(_INNER_TANWEEN.findall(text))
        + len(_FOREIGN.findall(text))
    )
    return points / len(text)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(data)


def _bom(data: bytes) -> tuple[str, bytes] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, data[len(bom) :] if codec != "utf-8-sig" else data
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes on one side only (spaces, digits, newlines).

    Only a hint: the caller still decodes strictly and refuses control characters.
    """
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    least = max(2, len(data) // 40)  # 5% of the code units
    if odd >= least and even == 0:
        return "utf-16-le"
    if even >= least and odd == 0:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _sample(data: bytes) -> bytes:
    """The head of the file, cut at a line end, so scoring stays cheap on big inputs."""
    sample = data[:_SAMPLE_BYTES]
    if len(data) > _SAMPLE_BYTES and (cut := sample.rfind(b"\n")) > 0:
        sample = sample[:cut]
    return sample


def _guess(sample: bytes) -> list[str]:
    """charset-normalizer's ranking (newsroom code pages only), then the Arabic code pages."""
    names: list[str] = []
    matches = from_bytes(sample)
    for index in range(min(3, len(matches))):
        try:
            name = codecs.lookup(matches[index].encoding).name
        except LookupError:
            continue
        if name in _NEWSROOM:
            names.append(name)
    return names + [codec for codec in _ARABIC_LEGACY if codec not in names]


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken sequences (stray legacy bytes, a mangled character).

    Reading it in a legacy code page would garble every other character, so the broken
    sequences become U+FFFD instead, as long as they are under 1% of the multibyte text.
    """
    text = data.decode("utf-8", errors="replace")
    multibyte = len(data) - len(text)  # extra bytes of well-formed multibyte characters
    broken = text.count("\ufffd")
    return text if multibyte > 0 and broken <= _MAX_BROKEN_UTF8 * multibyte else None


def _legacy(data: bytes) -> tuple[str, str]:
    """The plausible code page: candidates scored on the sample, the best that reads it all."""
    sample = _sample(data)
    scored = []
    for rank, codec in enumerate(_guess(sample)):
        if (text := _strict(sample, codec)) is not None:
            scored.append((implausibility(text), rank, codec))
    for score, _rank, codec in sorted(scored):
        if score > _MAX_IMPLAUSIBILITY:
            break
        if (text := _strict(data, codec)) is not None:
            return text, codec
    raise _reject("no encoding gives plausible text", "undecodable")


def _detect(data: bytes) -> tuple[str, str]:
    if (bom := _bom(data)) is not None:
        codec, body = bom
        text = _strict(body, codec)
        if text is None:
            raise _reject(f"the {codec} byte-order mark is followed by invalid data", "undecodable")
        if len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * max(len(text), 1):
            raise _reject(f"{codec} text full of control characters", "binary")
        return text, codec
    codec16 = _bomless_utf16(data)
    text16 = _strict(data, codec16) if codec16 is not None else None
    if codec16 is not None and text16 and not _CONTROL_CHARS.search(text16):
        return text16, codec16
    if data.startswith(_MAGIC):
        raise _reject("the file starts with the signature of a binary format", "binary")
    if _looks_binary(data):
        raise _reject("NUL or control bytes: not a text file", "binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # the last character was cut off
            return data[: exc.start].decode("utf-8") + "\ufffd", "utf-8"
    if (repaired := _mostly_utf8(data)) is not None:
        return repaired, "utf-8"
    return _legacy(data)


def normalise(text: str) -> str:
    """One newline flavour, one space flavour, no invisible characters, no padded lines."""
    text = text.replace("\r\n", "\n")
    if _ANY_MAPPED.search(text) is not None:  # most files hold none of them
        text = _TO_SPACE.sub(" ", text)
        text = _TO_NEWLINE.sub("\n", text)
        text = _TO_NOTHING.sub("", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_PADDING.sub("\n", text)
    return text.strip(" ")


def decode(data: bytes, limits: Limits) -> Decoded:
    """Bytes → normalised text and the encoding it was read in, or ``InputRejected``."""
    if not data:
        raise _reject("the file is empty", "empty")
    if len(data) > limits.max_file_bytes:
        raise _reject(
            f"{len(data)} bytes is over the limit of {limits.max_file_bytes}", "too_large"
        )
    raw_text, codec = _detect(data)
    text = normalise(raw_text)
    if not text.strip():
        raise _reject("the file holds only white space", "whitespace_only")
    return Decoded(text=text, encoding=codec)
