"""Input size limits shared by the stages, so a poison pill is refused with a reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 8 * 1024 * 1024
    max_articles_per_file: int = 200
    max_article_chars: int = 200_000


DEFAULT_LIMITS = Limits()
