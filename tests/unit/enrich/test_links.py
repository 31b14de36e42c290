"""URLs, handles and hashtags: sorted, unique, pic.twitter.com counts as a URL."""

from __future__ import annotations

from workers.record import Embed
from workers.stages.enrich.links import find_links


def test_tweet_line_of_seed_000() -> None:
    text = (
        "وزير الخارجية هاكان فيدان يكشف كواليس ليلة سقوط بشار pic.twitter.com/zcnpuU7YOC"
        " — الاسطنبولي (@istanbulli1453) December 9, 2025"
    )
    links = find_links(text)
    assert links.urls == ["pic.twitter.com/zcnpuU7YOC"]
    assert links.handles == ["@istanbulli1453"]


def test_trailing_punctuation_is_not_part_of_a_url() -> None:
    links = find_links("انظر https://example.com/a?b=1). و www.example.org، ثم t.co/xyz.")
    assert links.urls == ["https://example.com/a?b=1", "t.co/xyz", "www.example.org"]


def test_arabic_hashtags_and_no_email_handles() -> None:
    links = find_links("تحت وسم #الانترنت_فين و #Gaza، راسلونا على info@example.com")
    assert links.hashtags == ["#Gaza", "#الانترنت_فين"]
    assert links.handles == []


def test_embeds_count_and_lists_are_sorted_and_unique() -> None:
    embed = Embed(text="x", handle="b_user", url="https://twitter.com/b_user/status/1")
    links = find_links("@b_user @a_user @a_user", [embed])
    assert links.handles == ["@a_user", "@b_user"]
    assert links.urls == ["https://twitter.com/b_user/status/1"]
