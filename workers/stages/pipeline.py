"""The whole chain in one process: what ``khabar process`` runs, in the order of the table the
agents are made from (``workers.stages.chain``), so the in-process and the streaming paths
cannot drift apart."""

from __future__ import annotations

from workers import __version__
from workers.record import Article, Pipeline, RawFile
from workers.stages.chain import ARTICLE_STAGES
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


def process_raw(raw: RawFile, limits: Limits = DEFAULT_LIMITS) -> list[Article]:
    """Every stage on one file: each record is a function of the file alone. Story clusters,
    which depend on the whole stream, are computed from these records afterwards
    (:func:`workers.stages.cluster.cluster_articles`)."""
    articles = []
    for article in split_file(raw, limits):
        article = stamp_pipeline(article, raw)
        for stage in ARTICLE_STAGES:
            article = stage.step(article)
        articles.append(article)
    return articles
