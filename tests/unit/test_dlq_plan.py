"""Which dead letters a replay sends: marked ones only when asked again."""

from __future__ import annotations

from workers.consume import Message
from workers.dlq import DeadLetterView, plan_replay
from workers.headers import REPLAY_OF_HEADER
from workers.settings import Settings


def letter(offset: int, replayed_at: str | None = None, reason: str = "binary",
           headers: list[tuple[str, bytes]] | None = None) -> DeadLetterView:
    message = Message("khabar.dlq", 1, offset, 0.0, b"k", b"v", headers or [])
    return DeadLetterView(message, {"reason": reason, "topic": "khabar.raw"}, replayed_at)


def test_marked_letters_are_skipped_unless_asked_again() -> None:
    letters = [letter(0, "2026-12-05T10:00:00.000+00:00"), letter(1)]
    plan = plan_replay(letters)
    assert [v.message.offset for v in plan.send] == [1]
    assert [v.message.offset for v in plan.skipped] == [0]
    again = plan_replay(letters, again=True)
    assert [v.message.offset for v in again.send] == [0, 1]
    assert again.skipped == []


def test_summary_counts_letters_per_reason_and_target_topic() -> None:
    plan = plan_replay([letter(0), letter(1), letter(2, reason="whitespace_only")])
    assert plan.summary(Settings()) == (
        "  2 binary -> khabar.raw\n  1 whitespace_only -> khabar.raw"
    )


def test_a_letter_knows_its_mark_key_and_the_letter_it_replays() -> None:
    view = letter(7, headers=[(REPLAY_OF_HEADER, b"khabar.dlq/1:3")])
    assert view.mark_key == "1:7"
    assert view.replay_of == "khabar.dlq/1:3"
    assert view.to_json()["replay_of"] == "khabar.dlq/1:3"
    assert letter(8).replay_of is None


def test_a_letter_shows_the_raw_file_name_the_publisher_sent() -> None:
    view = letter(1, headers=[("khabar.file.name", "أخبار.txt".encode())])
    assert view.to_json()["file"] == "أخبار.txt"
    assert letter(2).to_json()["file"] is None
