"""Hostile and malformed raw files, each with what khabar must make of it.

``expect`` is a dead-letter reason code, ``"articles"`` when the file must yield articles, or
``None`` when either outcome is acceptable as long as it is one of them (the docs table records
which one happens). Shared by the unit test, the worker test and ``tests/eval/hostile.py``.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
ARTICLE = SEEDS[4].read_text(encoding="utf-8")
READ_ALSO_BLOCK = "إقرأ أيضاً:\nعنوان آخر\nنص آخر.\n"
PARAGRAPH = "قال المتحدث باسم الكرملين ديمتري بيسكوف اليوم الاثنين إن المحادثات «مفيدة». "


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    expect: str | None
    big: bool = False  # too big for the broker test (tested in-process only)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", ARTICLE)
    return buffer.getvalue()


def _pdf() -> bytes:
    stream = bytes(range(256)) * 20
    return (b"%PDF-1.7\n1 0 obj\n<< /Length " + str(len(stream)).encode() + b" >>\nstream\n"
            + stream + b"\nendstream\nendobj\n%%EOF\n")


CASES: list[Case] = [
    Case("empty file", lambda: b"", "empty"),
    Case("white space only", lambda: b" \n\t\r\n" + "\u00a0".encode(), "whitespace_only"),
    Case("NUL bytes", lambda: b"\x00" * 4096, "binary"),
    Case("PNG image", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16,
         "binary"),
    Case("ZIP archive", _zip, "binary"),
    Case("PDF document", _pdf, "binary"),
    Case("random bytes", lambda: bytes((i * 7919 + 13) % 256 for i in range(20_000)), "binary"),
    Case("invalid UTF-8 inside Arabic text",
         lambda: ARTICLE.encode()[:2000] + b"\xff\xfe\xc3\x28" + ARTICLE.encode()[2000:4000],
         None),
    Case("UTF-8 and Windows-1256 mixed in one file",
         lambda: ARTICLE[:1500].encode() + b"\n" + ARTICLE[1500:3000].encode("cp1256", "replace"),
         None),
    Case("UTF-16 without BOM", lambda: ARTICLE.encode("utf-16-le"), "articles"),
    Case("UTF-16 BE with BOM", lambda: codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
         "articles"),
    Case("ISO-8859-6", lambda: ARTICLE.encode("iso-8859-6", "replace"), "articles"),
    Case("Latin-1 French", lambda: ("La Russie et les États-Unis reprennent le dialogue.\n"
                                    "Les diplomates se réunissent à Istanbul jeudi prochain, "
                                    "a déclaré le ministre.\n" * 5).encode("latin-1"),
         "articles"),
    Case("50 MB file", lambda: ((PARAGRAPH * 20 + "\n").encode() * 18_000)[:50_000_000],
         "too_large", big=True),
    Case("10 MB single line", lambda: (PARAGRAPH * 80_000).encode()[:10_000_000], "too_large",
         big=True),
    Case("7 MB single line", lambda: (PARAGRAPH * 56_000).encode()[:7_000_000], None, big=True),
    Case("100,000 short lines", lambda: "\n".join(f"سطر {i}" for i in range(100_000)).encode(),
         None),
    Case("10,000 read-also markers",
         lambda: ("عنوان\nنص الخبر الأول هنا.\n" + READ_ALSO_BLOCK * 10_000).encode(),
         "too_many_articles"),
    Case("only read-also markers", lambda: "إقرأ أيضاً:\n".encode() * 5_000, None),
    Case("deeply nested brackets", lambda: ("(" * 200_000 + "نص" + ")" * 200_000).encode(), None),
    Case("repeated quotes", lambda: ("عنوان\nقال: " + "«" * 100_000 + "نص" + "»" * 10).encode(),
         None),
    Case("right-to-left override characters",
         lambda: ARTICLE.replace("روسيا", "\u202eروسيا\u202c").encode(), "articles"),
    Case("zero-width characters everywhere",
         lambda: "\u200b".join(ARTICLE[:3000]).encode(), "articles"),
    Case("HTML page", lambda: ("<!doctype html><html><head><title>خبر</title></head><body>"
                               f"<h1>عنوان</h1><p>{PARAGRAPH}</p></body></html>").encode(), None),
    Case("JSON document", lambda: ('{"title": "خبر", "body": "' + PARAGRAPH + '"}').encode(),
         None),
    Case("a headline list only", lambda: ("مقالات مشابهة\n" + "".join(
        f"  • عنوان رقم {i} عن روسيا\n" for i in range(20))).encode(), None),
    Case("control characters", lambda: ("".join(chr(c) for c in range(1, 32)) * 50
                                        + ARTICLE).encode(), None),
    Case("one 1 MB word", lambda: ("ب" * 500_000).encode(), None),
    Case("emoji only", lambda: ("📰🔥" * 2000).encode(), None),
    Case("digits and punctuation only", lambda: ("2025-02-27 ... 12:00 !!! ؟؟ 100%\n" * 500)
         .encode(), None),
]
