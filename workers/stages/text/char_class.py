"""Regex character classes from code-point ranges, the form every stage's data uses."""

from __future__ import annotations

import re
from collections.abc import Iterable

Ranges = tuple[tuple[int, int], ...]  # (first, last) code points, inclusive


def class_body(ranges: Iterable[tuple[int, int]]) -> str:
    """The inside of a ``[...]`` class: a range per pair, a single character where first == last."""
    return "".join(
        re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
        for first, last in ranges
    )


def char_class(ranges: Iterable[tuple[int, int]]) -> str:
    """A regex class matching one character of ``ranges``."""
    return "[" + class_body(ranges) + "]"


def join(*groups: Ranges) -> Ranges:
    """Several named groups of ranges as one."""
    return tuple(item for group in groups for item in group)
