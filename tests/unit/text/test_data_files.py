"""The data-file loader: every stage's TOML files parse, once per process."""

from __future__ import annotations

from pathlib import Path

import pytest

from workers.stages.text.data_files import DATA_ROOT, data_dir, load_toml

FILES = sorted(DATA_ROOT.glob("*/*.toml"))


def test_every_stage_has_its_folder() -> None:
    assert {path.parent.name for path in FILES} >= {"split", "language", "dates", "enrich",
                                                    "gazetteer"}  # fmt: skip


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_data_file_parses_and_is_parsed_once(path: Path) -> None:
    stage, name = path.parent.name, path.name
    assert data_dir(stage) == path.parent
    first = load_toml(stage, name)
    assert first and load_toml(stage, name) is first


def test_a_missing_file_says_which() -> None:
    with pytest.raises(FileNotFoundError, match=r"nothing\.toml"):
        load_toml("dates", "nothing.toml")
