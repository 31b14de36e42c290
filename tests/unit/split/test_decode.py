"""Decoding: every encoding a newsroom produces, and a precise reason for what is not text."""

from __future__ import annotations

import codecs

import pytest

from workers.errors import InputRejected
from workers.stages.limits import DEFAULT_LIMITS, Limits
from workers.stages.split.decode import decode, implausibility, normalise

ARABIC = "قال وزير الخارجية الروسي إن المحادثات ستركز على عمل السفارتين.\nالمصدر: الثورة نت\n"
FRENCH = "Le ministre a déclaré que la réunion était très importante pour l'économie.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"), "utf-32-le"),
        (ARABIC.encode("cp1256"), "cp1256"),
        (ARABIC.encode("iso8859-6"), "iso8859-6"),
        (FRENCH.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf32le", "cp1256", "iso8859-6", "cp1252"],
)
def test_encoding_is_detected_and_text_recovered(data: bytes, encoding: str) -> None:
    decoded = decode(data, DEFAULT_LIMITS)
    assert decoded.encoding == encoding
    assert decoded.text == normalise(ARABIC if "é" not in decoded.text else FRENCH)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_arabic_utf16_is_read(codec: str) -> None:
    decoded = decode(ARABIC.encode(codec), DEFAULT_LIMITS)
    assert (decoded.encoding, decoded.text) == (codec, normalise(ARABIC))


def test_bomless_utf16_is_read() -> None:
    decoded = decode("Breaking news\nالمصدر: وكالات\n".encode("utf-16-le"), DEFAULT_LIMITS)
    assert (decoded.encoding, decoded.text) == ("utf-16-le", "Breaking news\nالمصدر: وكالات\n")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n  ", "whitespace_only"),
        ("\u00a0\u200b\u200f\n".encode(), "whitespace_only"),
        (codecs.BOM_UTF8, "whitespace_only"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"PK\x03\x04" + b"word/document.xml", "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary"),
        (b"headline\x00body", "binary"),
        (bytes(range(1, 32)) * 10, "binary"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8\x41", "undecodable"),
        (codecs.BOM_UTF16_LE + "\x01\x02\x03\x04".encode("utf-16-le"), "binary"),
    ],
    ids=[
        "empty",
        "whitespace",
        "invisible-only",
        "bom-only",
        "png",
        "zip",
        "pdf",
        "nul",
        "controls",
        "bad-utf16",
        "utf16-controls",
    ],
)
def test_rejection_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputRejected) as caught:
        decode(data, DEFAULT_LIMITS)
    assert caught.value.reason == reason


def test_too_large_is_rejected_before_decoding() -> None:
    with pytest.raises(InputRejected) as caught:
        decode(b"x" * 101, Limits(max_file_bytes=100))
    assert caught.value.reason == "too_large"


def test_exactly_the_limit_is_accepted() -> None:
    assert decode(b"x" * 100, Limits(max_file_bytes=100)).text == "x" * 100


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("a\u2028b\u2029c\x0bd\x0ce", "a\nb\nc\nd\ne"),
        ("الثورة\u00a0 / موسكو", "الثورة / موسكو"),
        ("نص\u200b مخفي\u200c\u200d\u2060", "نص مخفي"),
        ("\u200fعنوان\u202b مضمن\u202c\u2067 معزول\u2069\u061c", "عنوان مضمن معزول"),
        ("  padded\t\tline  ", "padded line"),
        ("\ufeffBOM inside", "BOM inside"),
        ("soft\u00adhyphen", "softhyphen"),
        ("bell\x07here", "bell here"),
        ("unit\x1fseparator", "unit separator"),
    ],
    ids=[
        "crlf-cr",
        "unicode-breaks",
        "nbsp",
        "zero-width",
        "bidi",
        "tabs",
        "bom",
        "shy",
        "c0",
        "us",
    ],
)
def test_normalise(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_arabic_read_as_cp1252_is_implausible() -> None:
    wrong = ARABIC.encode("cp1256").decode("cp1252", errors="replace")
    assert implausibility(wrong) > implausibility(ARABIC) + 0.1


def test_iso8859_6_read_as_cp1256_is_implausible() -> None:
    wrong = ARABIC.encode("iso8859-6").decode("cp1256")
    assert implausibility(wrong) > implausibility(ARABIC)


def test_cp1256_read_as_iso8859_6_is_implausible() -> None:
    wrong = "شاهد أيضاً تاريخ النشر".encode("cp1256").decode("iso8859-6")
    assert implausibility(wrong) > 0


def test_clean_text_scores_zero() -> None:
    assert implausibility(ARABIC + FRENCH) == 0.0


def test_utf8_with_a_stray_legacy_byte_stays_utf8() -> None:
    data = (ARABIC * 20).encode("utf-8") + b"\xe1" + ARABIC.encode("utf-8")
    decoded = decode(data, DEFAULT_LIMITS)
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 1


def test_utf8_cut_inside_its_last_character_stays_utf8() -> None:
    decoded = decode(ARABIC.strip().encode("utf-8")[:-1], DEFAULT_LIMITS)
    assert decoded.encoding == "utf-8"
    assert decoded.text.endswith("\ufffd")
