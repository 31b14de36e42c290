"""Regex alternations of literal phrases, the building block of every stage's patterns.

Two shapes, because they answer different needs:

- :func:`trie`: the phrases factored by shared prefixes ("أكد|أكدت|أضاف" → "أ(?:كد(?:ت)?|ضاف)"),
  so a scan over a whole article tests one character per branch point instead of every phrase
  at every position. Longer continuations are tried before a phrase ends (مايو beats ماي).
- :func:`longest_first`: one branch per phrase, longest first, for phrases whose regex is more
  than a sequence of letters (a look-ahead after short words, spaces that may be absent).

Both take how one letter (or one phrase) is spelled as a parameter: that is where the stages
differ (plain letters after folding, letter classes with optional harakat between them).
Both refuse an empty list: an empty alternation would match everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Trie = dict[str, "Trie"]
_END = ""  # marks the end of a phrase in a trie node


def trie(phrases: Iterable[str], letter: Callable[[str], str]) -> str:
    """A regex matching any of ``phrases`` (already folded), each character spelled by
    ``letter``; a space in a phrase matches any run of white space."""
    root: Trie = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not root:
        raise ValueError("an empty phrase list would match everywhere")
    return _regex(root, letter)


def _regex(node: Trie, letter: Callable[[str], str]) -> str:
    branches = [
        (r"\s+" if char == " " else letter(char)) + _regex(node[char], letter)
        for char in sorted(c for c in node if c != _END)
    ]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if _END in node else "")


def longest_first(
    phrases: Iterable[str], spell: Callable[[str], str], length: Callable[[str], int] = len
) -> str:
    """``spell(phrase)`` for each distinct phrase joined by ``|``, longest (by ``length``) first
    and then in code-point order, so "وكالة أنباء" is tried before "وكالة"."""
    ordered = sorted(set(phrases), key=lambda p: (-length(p), p))
    if not ordered:
        raise ValueError("an empty phrase list would match everywhere")
    return "|".join(spell(phrase) for phrase in ordered)
