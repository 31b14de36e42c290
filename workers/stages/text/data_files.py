"""The stages' language data: TOML files under ``workers/data/<stage>/``, each parsed once.

Month names, trigger words and gazetteers are data, not code (each file opens with a note on
where its lists came from); this is the one place that finds and parses them. The parsed value
is shared by every caller of the process, so callers must not modify it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_ROOT = Path(__file__).resolve().parents[2] / "data"


def data_dir(stage: str) -> Path:
    """The folder of one stage's data files."""
    return DATA_ROOT / stage


@cache
def load_toml(stage: str, name: str) -> dict[str, Any]:
    """``workers/data/<stage>/<name>`` parsed, once per process."""
    with (DATA_ROOT / stage / name).open("rb") as handle:
        return tomllib.load(handle)
