"""Every rejection carries a reason code.

The code is what reaches the dead-letter headers (``khabar.error.reason``) and the ``reason``
label of the error metrics, so the set of codes is small and stable; the message carries the
detail a person needs to act on it.
"""

from __future__ import annotations


class KhabarError(Exception):
    """Base of every error khabar raises on purpose."""

    reason: str = "error"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class InputRejected(KhabarError):
    """The raw file cannot be turned into articles (empty, binary, too large, undecodable…)."""

    reason = "input_rejected"


class RecordInvalid(KhabarError):
    """A message on a stage topic is not a valid article record."""

    reason = "record_invalid"


class StageTimeout(KhabarError):
    """A stage took longer than the per-message time limit."""

    reason = "timeout"


class DeliveryFailed(KhabarError):
    """The broker did not take a record a stage sent: the worker stops, its input unacknowledged,
    so the input is read again after the restart (not a dead letter: the input is not at fault)."""

    reason = "delivery_failed"


# The reason codes a stage may emit besides the class defaults, listed so metric labels stay
# bounded; anything else is reported as "exception".
REASONS: frozenset[str] = frozenset(
    {
        "empty",
        "whitespace_only",
        "binary",
        "too_large",
        "undecodable",
        "too_many_articles",
        "article_too_long",
        "no_articles",
        "input_rejected",
        "record_invalid",
        "schema_unsupported",
        "timeout",
        "exception",
    }
)


# The reasons that are khabar's own fault (a bug, a broken data file, a record it cannot read,
# a record of a newer major version during an upgrade); every other reason is the input's. The
# alert rules select on this split (one alert per cause).
FAULT_REASONS: frozenset[str] = frozenset(
    {"exception", "timeout", "record_invalid", "schema_unsupported"}
)


def reason_of(exc: BaseException) -> str:
    """The bounded reason code for any exception, for headers and metric labels."""
    if isinstance(exc, KhabarError) and exc.reason in REASONS:
        return exc.reason
    return "exception"
