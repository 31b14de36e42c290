"""Build the shipped entity model: cross-validate, train on the whole corpus, write a manifest.

    .venv/bin/python -m workers.stages.enrich.entities.tagger.build [--corpus FILE]

runs the 5-fold cross-validation of the whole stage first (its scores go into the manifest),
then trains on the whole corpus and writes ``workers/data/entities/model/``: the CRF, the feature
strings it weighs, the word counts the linker reads, and ``manifest.json`` (corpus digest,
features, hyper-parameters, cross-validation scores). The same corpus gives the same model file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path
from typing import Any

from workers.stages.enrich.entities.tagger.corpus import CORPUS, Sentence, read_conll
from workers.stages.enrich.entities.tagger.crossval import cross_validate, table
from workers.stages.enrich.entities.tagger.features import CLUSTERS_FILE, RAW_COUNTS_FILE
from workers.stages.enrich.entities.tagger.model import (
    ATTRIBUTES_FILE,
    LEXICON_FILE,
    MIN_CONFIDENCE,
    MODEL_DIR,
    MODEL_FILE,
)
from workers.stages.enrich.entities.tagger.training import PARAMS, train


def _shown(path: Path) -> str:
    """The corpus path relative to the checkout when it is the repository's copy."""
    root = CORPUS.parents[2]
    resolved = path.resolve()
    return str(resolved.relative_to(root)) if resolved.is_relative_to(root) else path.name


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(corpus: Path, sentences: list[Sentence], scores: dict[str, Any],
             directory: Path) -> dict[str, Any]:
    labels = Counter(label for sentence in sentences for _word, label in sentence)
    return {
        "model": MODEL_FILE,
        "model_sha256": digest(directory / MODEL_FILE),
        "attributes": ATTRIBUTES_FILE,
        "attributes_sha256": digest(directory / ATTRIBUTES_FILE),
        "lexicon": LEXICON_FILE,
        "lexicon_sha256": digest(directory / LEXICON_FILE),
        "corpus": {
            "file": _shown(corpus),
            "sha256": digest(corpus),
            "sentences": len(sentences),
            "tokens": sum(len(s) for s in sentences),
            "labels": dict(sorted(labels.items())),
            "licence": "CC BY-SA 4.0 (ANERcorp, CAMeL Lab train split); see LICENCE.md",
        },
        "word_clusters": _clusters_record(),
        "raw_counts": _raw_counts_record(),
        "model_type": "linear-chain CRF (CRFsuite, L-BFGS)",
        "features": "workers/stages/enrich/entities/tagger/features.py (module docstring)",
        "hyper_parameters": PARAMS,
        # read at run time, not in training: the cross-validation's system scores use it
        "min_confidence": MIN_CONFIDENCE,
        "cross_validation": scores,
        "trained_with": {
            "python-crfsuite": version("python-crfsuite"),
            "python": platform.python_version(),
        },
    }


def _raw_counts_record() -> dict[str, Any]:
    """The raw-text word counts shipped beside the model (read by the linker, not the model)."""
    return _built_file(RAW_COUNTS_FILE,
                       licence="CC BY-SA 4.0 (Egyptian Arabic Wikipedia); see LICENCE.md")


def _clusters_record() -> dict[str, Any]:
    """What the model's cluster features were read from (built by :mod:`clusters`). Named,
    not imported: building the model needs no gensim or scikit-learn."""
    return _built_file(
        CLUSTERS_FILE,
        sources="Hindawi public-domain books (OpenITI/RAW_Hindawi), Egyptian Arabic "
                "Wikipedia 2018-10-20 (motazsaad/arzWikiExtracts, CC BY-SA 4.0); see LICENCE.md",
        settings="WORD2VEC, GRANULARITIES in tagger/clusters.py",
    )


def _built_file(path: Path, **about: str) -> dict[str, Any]:
    """A file the clusters builder wrote, for the manifest: name, digest, what it is."""
    if not path.exists():
        return {"file": None}
    return {"file": path.name, "sha256": digest(path),
            "built_by": "python -m workers.stages.enrich.entities.tagger.clusters", **about}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help=f"CoNLL file, token TAG per line (default: {CORPUS.name})")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="model folder to write")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    args = parser.parse_args(argv)
    sentences, skipped = read_conll(args.corpus)
    if skipped:
        print(f"{args.corpus}: skipped malformed lines {skipped}", file=sys.stderr)
    scores: dict[str, Any] = {}
    if args.folds:
        scores = cross_validate(sentences, args.folds)
        print(table(scores))
    train(sentences, args.out)
    record = manifest(args.corpus, sentences, scores, args.out)
    record["corpus"]["skipped_lines"] = skipped
    (args.out / "manifest.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"model written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
