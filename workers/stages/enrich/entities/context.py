"""Context tests for names that are also ordinary words (rules in ambiguity.toml).

News credits outlets in a few fixed shapes: after a verb of reporting or the word for the
outlet ("نقلت صحيفة الشرق الأوسط", "وفق «الشرق الأوسط»"), as a parenthesised credit
("(الاتحاد، وكالات)", "(الفرنسية)" under a photo), with an attached لـ ("قال لـ«الجزيرة»"), or
alone on a source line; a club named by an ordinary word (الهلال) is named so in sports news.
Anything else is read as the ordinary word or the rule's fallback.
"""

from __future__ import annotations

from workers.stages.enrich.entities.automaton import Hit
from workers.stages.enrich.entities.gazetteer import Rule

_OPEN = frozenset("\"“«„‘'")
_CLOSE = frozenset("\"”»‘’'")
_SKIP = " \t:\"“”«»'‘’"
_CREDIT_END = frozenset(")،,")


def _prev_char(text: str, index: int, floor: int) -> str:
    while index > floor and text[index - 1] in " \t":
        index -= 1
    return text[index - 1] if index > floor else ""


def _next_char(text: str, index: int, ceiling: int) -> str:
    while index < ceiling and text[index] in " \t":
        index += 1
    return text[index] if index < ceiling else ""


def _ends_with_word(prefix: str, words: frozenset[str]) -> bool:
    for word in words:
        if prefix.endswith(word):
            cut = len(prefix) - len(word)
            if cut == 0 or not prefix[cut - 1].isalnum():
                return True
    return False


def rule_holds(rule: Rule, text: str, hit: Hit, about: frozenset[str] = frozenset()) -> bool:
    """True when the context makes the name the rule's entity rather than the fallback.
    ``about``: the topics the text is about (:func:`gazetteer.topics`)."""
    start = hit.start - len(hit.clitic)
    end = hit.end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    prefix = text[line_start:start].rstrip(_SKIP)
    before = _prev_char(text, start, line_start)
    after = _next_char(text, end, line_end)
    tail = text[end:line_end]
    # An attached ل counts ("لبغداد اليوم"), but not the لل contraction of an ال name: that is
    # the ordinary preposition ("المبعوث الأمريكي للشرق الأوسط").
    contracted = hit.key.startswith("ال") and text.startswith("ل", hit.start)
    attached = hit.clitic.endswith("ل") and not contracted
    tests = (
        rule.clitic_l and (attached or prefix.endswith(" ل") or prefix == "ل"),
        any(tail.startswith(t) or tail.lstrip(" \t").startswith(t.strip()) for t in rule.after),
        bool(rule.before) and _ends_with_word(prefix, rule.before),
        rule.quoted and before in _OPEN and after in _CLOSE,
        rule.credit and before == "(" and after in _CREDIT_END,
        rule.line and not prefix.strip() and not tail.strip(" ."),
        bool(rule.topic) and rule.topic in about,
    )
    return any(tests)
