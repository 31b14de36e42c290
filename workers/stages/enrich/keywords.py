"""The keyword line, split back into its keywords.

Sites print keywords separated by spaces only (``الخارجية الأمريكية روسيا الولايات المتحدة
الرئيس الروسي فلاديمير بوتين``), so the boundaries have to be found again. Greedy, leftmost,
longest match over the tokens, in this order of evidence (docs/enrich.md, "Keywords"):

1. a multi-word name the gazetteer knows (``is_known_phrase``) is a fixed unit: no other
   candidate may cut through it or swallow it ("الرئيس الروسي فلاديمير بوتين" occurs in the
   article, but "فلاديمير بوتين" is a name, so the keywords are "الرئيس الروسي" + the name);
2. a sequence of 2–5 tokens that occurs in the article text as consecutive words (punctuation
   breaks a sequence) is one keyword;
3. a definite noun followed by a definite nisba adjective ("الأزمة الأوكرانية") is one keyword;
4. a token starting with the conjunction و whose rest is a known name joins the token before
   it ("أميركا وروسيا"): a keyword does not start with "and";
5. anything else is a one-word keyword.
Duplicates are dropped, first occurrence kept; the order is the line's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workers.stages.text.arabic import normalize_arabic

MAX_WORDS = 5
_PUNCT_RE = re.compile(r"[^\w\s]+")
_NISBA_ENDINGS = ("ي", "يه", "يين", "يون", "يان")


def text_ngrams(text: str) -> str:
    """The article as one space-padded string of normalised words; punctuation becomes "|" so
    that a phrase can only match words that stand side by side in one clause."""
    folded = _PUNCT_RE.sub(" | ", normalize_arabic(text).lower())
    return " " + " ".join(folded.split()) + " "


def _in_text(tokens: list[str], haystack: str) -> bool:
    return f" {' '.join(tokens)} " in haystack


def _known_spans(tokens: list[str], is_known_phrase: Callable[[str], bool]) -> list[range]:
    spans: list[range] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_WORDS, len(tokens) - i), 1, -1):
            if is_known_phrase(" ".join(tokens[i : i + n])):
                spans.append(range(i, i + n))
                i += n
                break
        else:
            i += 1
    return spans


def _crosses(start: int, end: int, spans: list[range]) -> bool:
    """True when [start, end) cuts through a known name or holds one as a proper part."""
    for span in spans:
        overlaps = start < span.stop and span.start < end
        if overlaps and not (start == span.start and end == span.stop):
            return True
    return False


def _nisba_pair(first: str, second: str) -> bool:
    return (
        first.startswith("ال")
        and second.startswith("ال")
        and len(second) > 4
        and second.endswith(_NISBA_ENDINGS)
    )


def split_keywords(raw: str, is_known_phrase: Callable[[str], bool], text: str) -> list[str]:
    """Keywords of a space-separated keyword line, multi-word keywords kept whole."""
    tokens = raw.split()
    if not tokens:
        return []
    folded = [normalize_arabic(t).lower() for t in tokens]
    haystack = text_ngrams(text)
    known = _known_spans(tokens, is_known_phrase)
    keywords: list[str] = []
    i = 0
    while i < len(tokens):
        size = 1
        for n in range(min(MAX_WORDS, len(tokens) - i), 1, -1):
            if _crosses(i, i + n, known):
                continue
            exact = any(span.start == i and span.stop == i + n for span in known)
            if exact or _in_text(folded[i : i + n], haystack):
                size = n
                break
        if size == 1 and i + 1 < len(tokens) and not _crosses(i, i + 2, known):
            nxt = tokens[i + 1]
            if _nisba_pair(folded[i], folded[i + 1]) or (
                nxt.startswith("و")
                and len(nxt) > 2
                and is_known_phrase(nxt[1:])
                and is_known_phrase(tokens[i])
            ):
                size = 2
        keywords.append(" ".join(tokens[i : i + size]))
        i += size
    return list(dict.fromkeys(keywords))
