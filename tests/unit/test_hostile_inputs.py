"""Every hostile input gives articles or a dead letter with a reason; never a crash or a hang."""

from __future__ import annotations

import hashlib

import pytest

from tests.conftest import validator
from tests.hostile_cases import CASES, Case
from workers.errors import REASONS, KhabarError, reason_of
from workers.record import RawFile, to_dict
from workers.stages.pipeline import process_raw


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_handled(case: Case) -> None:
    data = case.make()
    raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name="hostile")
    try:
        articles = process_raw(raw)
    except KhabarError as exc:
        reason = reason_of(exc)
        assert reason in REASONS - {"exception"}
        assert str(exc)  # a message a person can act on
        assert case.expect in (None, reason), f"dead letter {reason}, expected {case.expect}"
        return
    assert articles
    assert case.expect in (None, "articles"), f"articles, expected {case.expect}"
    for article in articles:
        assert not list(validator("enriched").iter_errors(to_dict(article)))


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25
