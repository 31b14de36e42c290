"""What publish --watch remembers: by path, size and mtime, and by content when those moved."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from workers.publish_state import FileState, SentFile, SentFiles, default_state_path


def state_of(path: Path) -> FileState:
    stat = path.stat()
    return FileState(stat.st_size, stat.st_mtime_ns)


def test_sent_files_survive_a_restart_and_a_touch_but_not_a_new_content(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_bytes(b"first")
    record = tmp_path / "state" / "sent.jsonl"
    SentFiles(record).record([SentFile("a.txt", *state_of(file),
                                       hashlib.sha256(b"first").hexdigest())])

    again = SentFiles(record)  # a restarted watcher
    assert len(again) == 1
    assert again.already_sent("a.txt", state_of(file), file)
    os.utime(file, ns=(1, 1))  # same bytes, new mtime
    assert again.already_sent("a.txt", state_of(file), file)
    assert len(record.read_text().splitlines()) == 2  # the new mtime is remembered
    file.write_bytes(b"second")
    assert not again.already_sent("a.txt", state_of(file), file)
    assert not again.already_sent("b.txt", state_of(file), file)


def test_one_state_file_per_watched_folder(tmp_path: Path) -> None:
    one = default_state_path(tmp_path, tmp_path / "inbox")
    assert one == default_state_path(tmp_path, tmp_path / "x" / ".." / "inbox")
    assert one != default_state_path(tmp_path, tmp_path / "other")
    assert one.parent == tmp_path / "publish"
