"""One line → its pieces, table-driven from tests/data/split/lines.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from workers.stages.split.lines import Piece, split_line

TABLE: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).resolve().parents[2] / "data" / "split" / "lines.toml").read_text("utf-8")
)["line"]


def _as_row(piece: Piece) -> list[str]:
    """The same shape as the table: kind, text, then the extras the kind carries."""
    row = [piece.kind.value, piece.text]
    if piece.kind.value == "related" and piece.stamp is not None:
        row.append(piece.stamp)
    if piece.kind.value in ("source", "bullet", "embed"):
        row.append(piece.value or "")
    if piece.kind.value == "embed":
        row += [piece.handle or "", piece.url or ""]
    return row


@pytest.mark.parametrize("case", TABLE, ids=[case["text"][:30] for case in TABLE])
def test_line_pieces(case: dict[str, Any]) -> None:
    assert [_as_row(piece) for piece in split_line(case["text"])] == case["pieces"]


@pytest.mark.parametrize("case", TABLE, ids=[case["text"][:30] for case in TABLE])
def test_pieces_rebuild_the_line(case: dict[str, Any]) -> None:
    glued = "".join(piece.text for piece in split_line(case["text"])) + "".join(
        piece.stamp or "" for piece in split_line(case["text"])
    )
    assert sorted(glued.replace(" ", "")) == sorted(case["text"].replace(" ", ""))
