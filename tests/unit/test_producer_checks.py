from __future__ import annotations

from pathlib import Path

from workers.producer import check_file, expand_paths


def test_refusals_carry_reasons(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 11)
    empty = tmp_path / "empty.txt"
    empty.touch()
    assert check_file(tmp_path / "nope.txt", 10)[1].reason == "missing"  # type: ignore[union-attr]
    assert check_file(big, 10)[1].reason == "too_large"  # type: ignore[union-attr]
    assert check_file(empty, 10)[1].reason == "empty"  # type: ignore[union-attr]
    assert check_file(tmp_path, 10)[1].reason == "unreadable"  # type: ignore[union-attr]


def test_a_good_file_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes("خبر".encode())
    data, refusal = check_file(good, 100)
    assert refusal is None
    assert data == "خبر".encode()


def test_folders_expand_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    missing = tmp_path / "missing.txt"
    assert list(expand_paths([tmp_path, missing])) == [
        tmp_path / "1.txt", tmp_path / "b" / "2.txt", missing,
    ]
