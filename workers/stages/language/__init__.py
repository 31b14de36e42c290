"""Language stage: the language of an article and of every stretch of its text.

Each headline, paragraph and caption is cut into runs of one writing system
(:mod:`workers.stages.language.segments`); the runs of each script in a line are judged together
by langdetect with a fixed seed, among the languages that script can carry only
(:mod:`workers.stages.language.judge`), so Arabic letters can never come out as a Latin-script
language. Text with too few letters once addresses, handles, digits and punctuation are removed
is ``und`` rather than a confident guess: raw langdetect calls the stamp
``2025-02-27@01:36:37 GMT`` German with 0.99999. All the texts of an article go to the detector
in one batch.

Segment offsets index into :func:`workers.record.article_text`. The article's language is the
language holding most letters over the headline and paragraphs (captions are often wire-agency
English under an Arabic story, so they get segments but no vote).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from workers.record import Article, Language, Segment
from workers.stages.language.detect import Backend, default_backend
from workers.stages.language.judge import UNDETERMINED, Verdict, judge_many
from workers.stages.language.patterns import SCRIPTS
from workers.stages.language.segments import Run, by_script, line_runs, lines_runs

__all__ = [
    "KNOWN_LANGUAGES",
    "UNDETERMINED",
    "detector_inputs",
    "document_language",
    "line_segments",
    "tag_language",
    "text_language",
]

KNOWN_LANGUAGES: frozenset[str] = frozenset(
    {UNDETERMINED, *(lang for script in SCRIPTS for lang in script.languages)}
)
"""Every code this stage can emit; anything else is a bug (the glue reports it as "other")."""

Weighed = list[tuple[Segment, int]]
"""A line's segments, each with the letters it holds (the weight of its vote)."""


@dataclass(slots=True)
class _Span:
    """A segment being built: runs in the same language are joined, confidence by letters."""

    start: int
    end: int
    lang: str
    weight: float  # sum of confidence × letters over the joined runs
    letters: int

    def segment(self, offset: int) -> Segment:
        confidence = round(self.weight / self.letters, 4) if self.letters else 0.0
        return Segment(offset + self.start, offset + self.end, self.lang, confidence)


def detector_inputs(line: str) -> list[tuple[str, str, int]]:
    """(script, text, letters) of every verdict :func:`line_segments` draws for ``line``.

    The texts langdetect is asked about, so the two backends can be compared on exactly them.
    """
    masked, runs = line_runs(line)
    return [(script, text, n) for script, (text, n) in by_script(masked, runs).items()]


def _assemble(line: str, offset: int, runs: list[Run], verdicts: dict[str, Verdict]) -> Weighed:
    first, last = len(line) - len(line.lstrip()), len(line.rstrip())
    if len(runs) == 1:  # the common case, a line in one script: one segment over all of it
        lang, confidence = verdicts[runs[0].script]
        return [(Segment(offset + first, offset + last, lang, confidence), runs[0].letters)]
    spans: list[_Span] = []
    for run in runs:
        lang, confidence = verdicts[run.script]
        if spans and spans[-1].lang == lang:
            spans[-1].end = run.end
            spans[-1].weight += confidence * run.letters
            spans[-1].letters += run.letters
        else:
            spans.append(_Span(run.start, run.end, lang, confidence * run.letters, run.letters))
    if not spans:
        return [(Segment(offset + first, offset + last, UNDETERMINED), 0)] if first < last else []
    # The line's leading and trailing punctuation belong to its first and last segment, so a
    # line in one language is one segment from its first to its last visible character.
    spans[0].start, spans[-1].end = first, last
    return [(span.segment(offset), span.letters) for span in spans]


def _weighed_lines(lines: list[str], backend: Backend) -> list[Weighed]:
    """Segments of each line, offsets into the lines joined by "\\n"; one detector batch."""
    plans = lines_runs(lines)
    keys: list[tuple[int, str]] = []
    requests: list[tuple[str, str, int]] = []
    for index, (masked, runs) in enumerate(plans):
        if len(runs) == 1:  # the common case, without building a dict
            run = runs[0]
            keys.append((index, run.script))
            requests.append((masked[run.start : run.end], run.script, run.letters))
            continue
        for script, (text, letters) in by_script(masked, runs).items():
            keys.append((index, script))
            requests.append((text, script, letters))
    verdicts: list[dict[str, Verdict]] = [{} for _ in lines]
    for (index, script), verdict in zip(keys, judge_many(requests, backend), strict=True):
        verdicts[index][script] = verdict
    weighed: list[Weighed] = []
    offset = 0
    for line, (_, runs), line_verdicts in zip(lines, plans, verdicts, strict=True):
        weighed.append(_assemble(line, offset, runs, line_verdicts))
        offset += len(line) + 1
    return weighed


def line_segments(line: str, offset: int = 0, backend: Backend | None = None) -> list[Segment]:
    """Segments of one line, offsets shifted by ``offset``; one ``und`` segment if no language.

    Neighbouring runs that come out in the same language are joined into one segment.
    """
    (weighed,) = _weighed_lines([line], backend or default_backend())
    return [replace(s, start=s.start + offset, end=s.end + offset) for s, _ in weighed]


def document_language(weighed: list[Weighed]) -> Language:
    """The language with most letters; confidence = its share of letters × its mean probability."""
    letters: Counter[str] = Counter()
    weight: dict[str, float] = {}
    for segments in weighed:
        for segment, count in segments:
            letters[segment.lang] += count
            weight[segment.lang] = weight.get(segment.lang, 0.0) + count * segment.confidence
    total = sum(letters.values())
    ranked = sorted(
        (lang for lang in letters if lang != UNDETERMINED), key=lambda k: (-letters[k], k)
    )
    if not ranked or total == 0:
        return Language(code=UNDETERMINED, confidence=0.0)
    return Language(code=ranked[0], confidence=round(weight[ranked[0]] / total, 4))


def text_language(text: str, backend: Backend | None = None) -> Language:
    """The language of one line as a whole: the one holding most of its letters."""
    return document_language(_weighed_lines([text], backend or default_backend()))


def tag_language(article: Article) -> Article:
    """The article with ``language`` and ``segments`` filled in; every other field untouched."""
    # Physical lines, so no segment crosses a line break even inside a paragraph.
    voting = "\n".join([article.headline, *article.paragraphs]).split("\n")
    captions = "\n".join(article.captions).split("\n") if article.captions else []
    weighed = _weighed_lines(voting + captions, default_backend())
    voters = weighed[: len(voting)]
    segments = [segment for line in weighed for segment, _ in line]
    return replace(article, language=document_language(voters), segments=segments)
