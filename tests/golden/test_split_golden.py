"""The five seed files give exactly the reviewed records in tests/golden/expected/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden_io import SEEDS, expected_path, records_of

ARTICLES_PER_SEED = {"000": 2, "001": 2, "002": 1, "003": 2, "004": 2}


def test_every_seed_has_an_expected_file() -> None:
    assert [seed.stem[:3] for seed in SEEDS] == sorted(ARTICLES_PER_SEED)
    assert all(expected_path(seed).exists() for seed in SEEDS)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem[:3])
def test_seed_article_count(seed: Path) -> None:
    assert len(records_of(seed)) == ARTICLES_PER_SEED[seed.stem[:3]]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem[:3])
def test_seed_records_match_expected(seed: Path) -> None:
    expected = json.loads(expected_path(seed).read_text(encoding="utf-8"))
    assert records_of(seed) == expected
