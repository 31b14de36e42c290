"""Shared by the golden test and its update script: how a seed becomes its expected records."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from workers.record import RawFile, to_dict
from workers.stages.split import split_file

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
EXPECTED = Path(__file__).resolve().parent / "expected"


def raw_of(path: Path) -> RawFile:
    data = path.read_bytes()
    return RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name)


def records_of(path: Path) -> list[dict[str, Any]]:
    return [to_dict(article) for article in split_file(raw_of(path))]


def expected_path(seed: Path) -> Path:
    return EXPECTED / f"{seed.stem}.json"


def render(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
