"""The stage chain, written once: which stages run in which order, what each reads and what it
writes. ``process_raw``, the agents, the metrics' stage labels, the topic names and the worker's
topic list all come from this table, so adding a stage is one row plus its function.

The first row is the split: it reads a raw file (bytes) and writes any number of articles.
Every other row reads one article record and writes one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workers.record import Article
from workers.stages.dates import annotate_dates
from workers.stages.enrich import enrich
from workers.stages.language import tag_language


@dataclass(frozen=True, slots=True)
class Stage:
    name: str  # agent name and metric label
    consumes: str  # suffix of the topic it reads
    produces: str  # suffix of the topic it writes


@dataclass(frozen=True, slots=True)
class ArticleStage(Stage):
    step: Callable[[Article], Article]  # pure: one article record in, the same record enriched


SPLIT = Stage("split", "raw", "articles")
ARTICLE_STAGES = (
    ArticleStage("language", "articles", "tagged", tag_language),
    ArticleStage("dates", "tagged", "dated", annotate_dates),
    ArticleStage("enrich", "dated", "enriched", enrich),
)
CHAIN: tuple[Stage, ...] = (SPLIT, *ARTICLE_STAGES)
STAGE_NAMES = tuple(stage.name for stage in CHAIN)
