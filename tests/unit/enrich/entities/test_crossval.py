"""Cross-validation of the entity stage: contiguous folds, and another corpus added to every
fold's training without being scored (how a candidate training corpus is measured)."""

from __future__ import annotations

from workers.stages.enrich.entities.tagger.corpus import Sentence
from workers.stages.enrich.entities.tagger.crossval import cross_validate, folds

NAMES = ("زهير", "نبيل", "فراس", "هشام", "عمار")


def _sentence(name: str, label: str = "B-PER") -> Sentence:
    return [("اجتمع", "O"), ("الوفد", "O"), ("مع", "O"), (name, label), ("امس", "O")]


def test_folds_are_contiguous_and_cover_every_sentence() -> None:
    parts = folds(11, 5)
    assert [list(part) for part in parts] == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9, 10]]


def test_an_extra_corpus_is_trained_on_in_every_fold_and_never_scored() -> None:
    corpus = [_sentence(name) for name in NAMES]
    alone = cross_validate(corpus, parts=5, jobs=1)
    # the extra corpus holds every sentence with its name left untagged, three times over:
    # trained on it too, no fold's model takes the names for names any longer
    extra = [_sentence(name, "O") for name in NAMES] * 3
    added = cross_validate(corpus, parts=5, jobs=1, extra=extra)
    for scores in (alone, added):
        assert scores["tagger"]["micro"]["gold"] == len(NAMES)  # the corpus's spans only
    assert alone["tagger"]["PER"]["recall"] > added["tagger"]["PER"]["recall"]
