from __future__ import annotations

from workers.dead_letters import Origin, dead_letter_headers, read_error
from workers.errors import InputRejected


def test_error_headers_follow_the_original_ones() -> None:
    origin = Origin("khabar.raw", 2, 41, 1_700_000_000.5)
    original = [("khabar.file.name", b"a.txt")]
    headers = dead_letter_headers(
        original, InputRejected("the file is empty", reason="empty"), stage="split",
        origin=origin, worker="w1",
    )
    assert headers[0] == ("khabar.file.name", b"a.txt")
    error = read_error(headers)
    assert error["stage"] == "split"
    assert error["reason"] == "empty"
    assert error["exception.class"] == "InputRejected"
    assert error["exception.message"] == "the file is empty"
    assert (error["topic"], error["partition"], error["offset"]) == ("khabar.raw", "2", "41")
    assert error["original.timestamp"] == "1700000000.500"
    assert error["worker"] == "w1"


def test_unknown_exceptions_get_the_bounded_reason() -> None:
    headers = dead_letter_headers([], KeyError("x"), stage="enrich",
                                  origin=Origin("t", 0, 0, None))
    assert read_error(headers)["reason"] == "exception"


def test_a_dead_letter_failing_again_does_not_stack_error_headers() -> None:
    origin = Origin("khabar.raw", 0, 1, None)
    first = dead_letter_headers([], ValueError("a"), stage="split", origin=origin)
    second = dead_letter_headers(first, ValueError("b"), stage="split", origin=origin)
    assert sum(1 for k, _ in second if k == "khabar.error.reason") == 1
    assert read_error(second)["exception.message"] == "b"
