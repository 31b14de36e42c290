"""One line → its pieces, each with what it looks like on its own.

This module knows nothing of the article around a line; the builder in ``build`` decides
from context (before or after the headline, inside a headline list) what a piece finally
becomes. Most lines are one piece; a line is cut into several only where the page glued
things together: a list label stuck to the next word, headlines each followed by a date stamp,
a read-also marker followed by the next headline, a keyword label followed by the keywords.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from workers.stages.split.patterns import Patterns, patterns

# Tails longer than this are never a caption credit or a tweet signature; searching only the
# tail keeps a 10 MB single-line input linear.
_TAIL_CHARS = 300
_MAX_CAPTION_WORDS = 40
_MAX_DATELINE_WORDS = 15
_MAX_BOILERPLATE_WORDS = 20


class Kind(Enum):
    MARKER = "marker"  # a read-also marker: starts a further article
    LABEL = "label"  # the label of a headline-only list
    RELATED = "related"  # a listed headline, with its stamp when glued to one
    STAMP = "stamp"
    DATELINE = "dateline"
    SOURCE = "source"
    KEYWORDS_LABEL = "keywords_label"
    KEYWORDS = "keywords"
    EMBED = "embed"
    CAPTION = "caption"
    BOILERPLATE = "boilerplate"
    BULLET = "bullet"  # a bulleted line: a listed headline inside a list, else text
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Piece:
    kind: Kind
    text: str
    stamp: str | None = None  # RELATED: the raw stamp printed after the headline
    value: str | None = None  # SOURCE: name; BULLET: text without the glyph; EMBED: tweet text
    handle: str | None = None  # EMBED
    url: str | None = None  # EMBED
    ends_list: bool = False  # TEXT that followed a glued list: the list is over


def _stamped(text: str, pats: Patterns, *, glued: bool) -> list[Piece]:
    """Headlines each followed by a stamp; what follows the last stamp is article text."""
    pieces: list[Piece] = []
    start = 0
    for match in pats.stamp_inline.finditer(text):
        headline = text[start : match.start()].strip()
        if headline:
            pieces.append(Piece(Kind.RELATED, headline, stamp=match.group(0).strip()))
        else:
            pieces.append(Piece(Kind.BOILERPLATE, match.group(0).strip()))
        start = match.end()
    rest = text[start:].strip()
    if rest:
        pieces.append(
            Piece(Kind.TEXT, rest, ends_list=True) if glued else Piece(Kind.RELATED, rest)
        )
    return pieces


def _marker(line: str, pats: Patterns) -> list[Piece] | None:
    """A marker alone starts a whole article; marker + colon + headline is an inline link."""
    match = pats.marker.match(line)
    if match is None:
        return None
    label, rest = match.group("label").strip(), line[match.end() :].strip()
    if not rest:
        return [Piece(Kind.MARKER, label)]
    if label.endswith((":", "：")):
        return [Piece(Kind.BOILERPLATE, label), Piece(Kind.RELATED, rest)]
    return None


def _label(line: str, pats: Patterns) -> list[Piece] | None:
    match = pats.label.match(line)
    if match is None:
        return None
    label, rest = match.group("label").strip(), line[match.end() :].strip()
    if not rest:
        return [Piece(Kind.LABEL, label)]
    glued = match.end("label") == match.end() and not label.endswith((":", "："))
    if glued or label.endswith((":", "：")) or pats.stamp_inline.search(rest):
        return [Piece(Kind.LABEL, label), *_stamped(rest, pats, glued=True)]
    return None


def _embed(line: str, pats: Patterns) -> Piece | None:
    # Every tweet signature holds "(@handle)"; testing for it first spares the unanchored
    # search over the tail of the many lines that are not embeds.
    if "(@" not in line:
        return None
    offset = max(0, len(line) - _TAIL_CHARS)
    match = pats.embed_tail.search(line, offset)
    if match is None:
        return None
    return Piece(
        Kind.EMBED,
        line,
        value=line[: match.start()].strip(),
        handle=match.group("handle"),
        url=match.group("url"),
    )


def _metadata(line: str, pats: Patterns) -> list[Piece] | None:
    if pats.stamp_line.fullmatch(line):
        return [Piece(Kind.STAMP, line)]
    # A dateline ends with its date: "نشر في 2020 كتاباً عن الحرب" is a sentence.
    if (
        pats.dateline.match(line)
        and len(line.split()) <= _MAX_DATELINE_WORDS
        and pats.dateish.search(line, max(0, len(line) - _TAIL_CHARS))
    ):
        return [Piece(Kind.DATELINE, line)]
    if match := pats.source.match(line):
        return [Piece(Kind.SOURCE, line, value=line[match.end("label") :].strip())]
    if match := pats.keywords.match(line):
        label, rest = match.group("label").strip(), line[match.end() :].strip()
        pieces = [Piece(Kind.KEYWORDS_LABEL, label)]
        return [*pieces, Piece(Kind.KEYWORDS, rest)] if rest else pieces
    return None


def _caption(line: str, pats: Patterns) -> bool:
    # The cheap tests first: a caption starts with a prefix or ends with a credit in brackets
    # (``caption_tail`` is anchored at the end); only then are the words counted.
    if not (
        pats.caption_head.match(line)
        or (
            line.endswith(")")
            and pats.caption_tail.search(line, max(0, len(line) - _TAIL_CHARS)) is not None
        )
    ):
        return False
    return len(line.split()) <= _MAX_CAPTION_WORDS


def split_line(line: str) -> list[Piece]:
    """The pieces of one stripped, non-blank line, in reading order."""
    pats = patterns()
    for glued in (_marker, _label, _metadata):
        if (pieces := glued(line, pats)) is not None:
            return pieces
    if (embed := _embed(line, pats)) is not None:
        return [embed]
    if _caption(line, pats):
        return [Piece(Kind.CAPTION, line)]
    if pats.boilerplate.match(line) and len(line.split()) <= _MAX_BOILERPLATE_WORDS:
        return [Piece(Kind.BOILERPLATE, line)]
    if match := pats.bullet.match(line):
        text = line[match.end() :].strip()
        if text:
            return [Piece(Kind.BULLET, line, value=text)]
    return [Piece(Kind.TEXT, line)]


def listed(piece: Piece) -> list[Piece]:
    """A bulleted or bare line read as list items: headline(s), each with its stamp if any."""
    return _stamped(piece.value or piece.text, patterns(), glued=False)
