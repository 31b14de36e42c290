from __future__ import annotations

from pathlib import Path

from workers.producer import Outcome, check_file, expand_paths


def test_refusals_carry_reasons(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 11)
    empty = tmp_path / "empty.txt"
    empty.touch()
    for path, reason in [(tmp_path / "nope.txt", "missing"), (big, "too_large"),
                         (empty, "empty"), (tmp_path, "unreadable")]:
        refusal = check_file(path, 10)
        assert isinstance(refusal, Outcome)
        assert (refusal.ok, refusal.reason) == (False, reason)


def test_a_good_file_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes("خبر".encode())
    assert check_file(good, 100) == "خبر".encode()


def test_folders_expand_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    missing = tmp_path / "missing.txt"
    assert list(expand_paths([tmp_path, missing])) == [
        tmp_path / "1.txt", tmp_path / "b" / "2.txt", missing,
    ]
