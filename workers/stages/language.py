"""Language stage (walking-skeleton version): one deterministic langdetect call per article."""

from __future__ import annotations

from dataclasses import replace

from langdetect import DetectorFactory, LangDetectException, detect_langs

from workers.record import Article, Language

DetectorFactory.seed = 0


def tag_language(article: Article) -> Article:
    text = "\n".join([article.headline, *article.paragraphs])
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return replace(article, language=Language(code="und", confidence=0.0))
    return replace(article, language=Language(code=best.lang, confidence=round(best.prob, 4)))
