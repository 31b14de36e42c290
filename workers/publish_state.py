"""What ``khabar publish --watch`` has sent, kept on disk so a restart does not send it again.

One JSON line per acknowledged file: its path relative to the watched folder, size, mtime (ns)
and SHA-256 (the message key). A file whose path, size and mtime match a line is skipped without
being read; one whose size or mtime changed but whose content is the one sent (a copy that kept
the bytes, a ``touch``) is skipped after hashing; anything else is new and published. The file
is appended to and flushed to disk after each batch, so a crash loses at most the batch being
acknowledged, which is then sent again (at least once; the article ids are the same).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import orjson


class FileState(NamedTuple):
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class SentFile:
    relative: str
    size: int
    mtime_ns: int
    sha256: str


class SentFiles:
    """The on-disk record of sent files for one watched folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._by_path: dict[str, SentFile] = {}
        self._digests: dict[str, set[str]] = {}
        if path.exists():
            for line in path.read_bytes().splitlines():
                if line.strip():
                    self._remember(SentFile(**orjson.loads(line)))

    def __len__(self) -> int:
        return len(self._by_path)

    def _remember(self, sent: SentFile) -> None:
        self._by_path[sent.relative] = sent
        self._digests.setdefault(sent.relative, set()).add(sent.sha256)

    def already_sent(self, relative: str, state: FileState, file: Path) -> bool:
        """Whether this file, as it is now, was sent before (reads it only when its size or
        mtime changed since)."""
        known = self._by_path.get(relative)
        if known is None:
            return False
        if (known.size, known.mtime_ns) == state:
            return True
        try:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            return False
        if digest in self._digests.get(relative, set()):
            self.record([SentFile(relative, state.size, state.mtime_ns, digest)])
            return True
        return False

    def record(self, sent: list[SentFile]) -> None:
        """Append acknowledged files, flushed to disk before returning."""
        if not sent:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as handle:
            for item in sent:
                handle.write(orjson.dumps(item) + b"\n")
                self._remember(item)
            handle.flush()
            os.fsync(handle.fileno())


def default_state_path(data_dir: Path, folder: Path) -> Path:
    """One state file per watched folder, under the data directory."""
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    return data_dir / "publish" / f"sent-{name}.jsonl"
