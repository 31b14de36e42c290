"""The whole chain in one process: what ``khabar process`` runs and what the agents run stage by
stage. Keeping the order here means the in-process and the streaming paths cannot drift apart."""

from __future__ import annotations

from collections.abc import MutableMapping

from workers import __version__
from workers.record import Article, Pipeline, RawFile
from workers.stages.dates import annotate_dates
from workers.stages.enrich import enrich
from workers.stages.fingerprint import find_duplicate
from workers.stages.language import tag_language
from workers.stages.limits import DEFAULT_LIMITS, Limits
from workers.stages.split import split_file


def stamp_pipeline(article: Article, raw: RawFile) -> Article:
    article.pipeline = Pipeline(version=__version__, ingested_at=raw.ingested_at)
    return article


WARM_UP_TEXT = (
    "عنوان تجريبي\n"
    "تاريخ النشر: 11th, March 2024 GMT\n"
    "قال المتحدث باسم الكرملين ديمتري بيسكوف اليوم الاثنين إن «المحادثات مفيدة» في موسكو.\n"
    "المصدر: وكالات\n"
)


def warm_up() -> None:
    """Run every stage once so data files, automata and detectors are loaded before the first
    real message: a cold first call must not count against the per-message time limit."""
    data = WARM_UP_TEXT.encode()
    process_raw(RawFile(data=data, sha256="0" * 64, name="warm-up"))


ANSWER_PREFIX = "answer:"


def mark_duplicate(article: Article, index: MutableMapping[str, list[str]]) -> Article:
    """Set ``duplicate_of`` from the index of fingerprints seen so far (and register this one).

    The index is the only state in the pipeline: a dict in ``khabar process``, a Faust table in
    the workers. The first answer for an article is kept under its own key and reused: several
    workers updating the same band list can overwrite each other's entries (last write wins),
    which may cost a detection but must not change the record of a redelivered message. An
    article's own key has one writer at a time, so its answer is stable."""
    if not article.fingerprint:
        return article
    answer_key = ANSWER_PREFIX + article.article_id
    known = index.get(answer_key)
    if known is None:
        duplicate = find_duplicate(article.fingerprint, article.article_id, index)
        known = [duplicate] if duplicate else []
        index[answer_key] = known
    article.duplicate_of = known[0] if known else None
    return article


def process_raw(
    raw: RawFile,
    limits: Limits = DEFAULT_LIMITS,
    index: MutableMapping[str, list[str]] | None = None,
) -> list[Article]:
    """Every stage on one file. Pass the same ``index`` for a run over many files so that
    near-duplicates across files are found; without one, each call starts afresh."""
    seen: MutableMapping[str, list[str]] = {} if index is None else index
    return [
        mark_duplicate(enrich(annotate_dates(tag_language(stamp_pipeline(article, raw)))), seen)
        for article in split_file(raw, limits)
    ]
