"""The verdict on one stretch of text in one script: a language and its probability, or und.

langdetect (seeded, see :mod:`workers.stages.language.detect`) proposes; the script limits the
candidates; letters that only some candidates write tip close calls between Arabic, Persian and
Urdu; too little text or too weak a winner gives ``und``.
"""

from __future__ import annotations

from collections import Counter

from workers.stages.language.detect import Backend, Probabilities
from workers.stages.language.patterns import ALIASES, ORTHOGRAPHY, SCRIPT_LANGUAGES, UNSUPPORTED
from workers.stages.language.segments import MIN_LETTERS

UNDETERMINED = "und"

RELIABLE_LETTERS = {"latin": 15}
"""Below this many letters langdetect's answer for these scripts is noise: ``December`` comes out
Dutch, ``Reuters`` German, each with 0.99999. Scripts not listed need only MIN_LETTERS."""

MIN_PROBABILITY = 0.5
"""A verdict whose best candidate is weaker than this is ``und``: no language clearly won."""

UNSUPPORTED_LETTERS = 2
"""This many letters of a language langdetect has no profile for (orthography.toml) make a text
``und``: one could be a loanword or a typo, two are a pattern."""

Verdict = tuple[str, float]
_UND: Verdict = (UNDETERMINED, 0.0)
_SOLE = {script: next(iter(langs)) for script, langs in SCRIPT_LANGUAGES.items() if len(langs) == 1}
_UNIFORM = {script: dict.fromkeys(sorted(langs), 1.0) for script, langs in SCRIPT_LANGUAGES.items()}


_ALIASED_SCRIPTS = {s for s, langs in SCRIPT_LANGUAGES.items() if langs & set(ALIASES.values())}


def _aliased(found: Probabilities, script: str) -> Probabilities:
    """langdetect's answer in ISO 639-1 codes, limited to the script's candidates."""
    if script in _ALIASED_SCRIPTS:
        found = [(ALIASES.get(lang, lang), prob) for lang, prob in found]
    candidates = SCRIPT_LANGUAGES[script]
    return [(lang, prob) for lang, prob in found if lang in candidates]


def orthography(text: str, script: str) -> Counter[str]:
    """Per language, how many letters of ``text`` only that language (and its kin) writes.

    langdetect folds Persian ی into Arabic ي before it looks at n-grams, so it cannot see this
    evidence itself; on a short Arabic headline it will often say Persian.
    """
    hits: Counter[str] = Counter()
    if script not in ORTHOGRAPHY:
        return hits
    pattern, table = ORTHOGRAPHY[script]
    letters = Counter(pattern.findall(text))
    for lang, chars in table.items():
        hits[lang] = sum(count for ch, count in letters.items() if ch in chars)
    return hits


def weigh(found: Probabilities, hits: Counter[str]) -> Probabilities:
    """langdetect's probabilities times (1 + letter evidence), renormalised over the candidates.

    A language langdetect already ruled out (below its 0.1 floor) stays out: letters can tip a
    close call, never overturn a clear one.
    """
    scores = [(lang, prob * (1 + hits[lang])) for lang, prob in found]
    total = sum(score for _, score in scores)
    return sorted(((lang, score / total) for lang, score in scores), key=lambda x: (-x[1], x[0]))


def _settled(text: str, script: str, letters: int) -> Verdict | None:
    """The verdict when no detection is needed: too few letters, or one candidate only."""
    if letters < max(MIN_LETTERS, RELIABLE_LETTERS.get(script, 0)):
        return _UND
    if script in _SOLE:
        return _SOLE[script], 1.0
    unsupported = UNSUPPORTED.get(script)
    if unsupported and len(unsupported.findall(text)) >= UNSUPPORTED_LETTERS:
        return _UND  # Pashto or Kurdish: langdetect would name the wrong language
    return None


def _decide(text: str, script: str, found: Probabilities, backend: Backend) -> Verdict:
    found = _aliased(found, script)
    if not found:  # every language langdetect saw belongs to another script
        found = _aliased(backend.restricted(text, _UNIFORM[script]), script)
    if not found:
        return _UND
    if len(found) > 1:  # a close call: only then can letter evidence change the winner
        found = weigh(found, orthography(text, script))
    lang, prob = found[0]
    return _UND if prob < MIN_PROBABILITY else (lang, round(prob, 4))


def judge_many(requests: list[tuple[str, str, int]], backend: Backend) -> list[Verdict]:
    """A verdict per (text, script, letters), the detector asked once for all that need it."""
    verdicts = [_settled(text, script, letters) for text, script, letters in requests]
    pending = [i for i, verdict in enumerate(verdicts) if verdict is None]
    # A text asked twice (a headline repeated as the first paragraph) is detected once.
    unique = list(dict.fromkeys(requests[i][0] for i in pending))
    found = dict(zip(unique, backend.probabilities_many(unique), strict=True))
    for i in pending:
        text, script, _ = requests[i]
        verdicts[i] = _decide(text, script, found[text], backend)
    return [verdict or _UND for verdict in verdicts]


def judge(text: str, script: str, letters: int, backend: Backend) -> Verdict:
    """(language, probability) of text in a single script, or ("und", 0.0)."""
    return judge_many([(text, script, letters)], backend)[0]
