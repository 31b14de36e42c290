""""المملكة" alone: the outlet's kingdom, or the one Arab kingdom the article names."""

from __future__ import annotations

import pytest

from workers.stages.enrich.entities import find_entities


def kingdom_mentions(text: str, home: str | None) -> list[tuple[str, str]]:
    """(entity id, mention text) of every mention whose text holds مملك."""
    return sorted((entity.id, mention.text) for entity in find_entities(text, home=home)
                  for mention in entity.mentions if "مملك" in mention.text)


WATER = "بلغ إنتاج المملكة من المياه المحلاة 1107 ملايين متر مكعب، وتسهم محطات للمملكة في ذلك."


def test_the_outlets_kingdom() -> None:
    assert kingdom_mentions(WATER, "SA") == [("country:SA", "المملكة"), ("country:SA", "لمملكة")]


def test_an_outlet_that_is_no_kingdom_says_nothing() -> None:
    assert kingdom_mentions(WATER, "EG") == []
    assert kingdom_mentions(WATER, None) == []


def test_the_one_kingdom_the_article_names() -> None:
    text = "زار الوفد المغرب أمس. وقال إن المملكة تستعد للموسم السياحي."
    assert kingdom_mentions(text, None) == [("country:MA", "المملكة")]


def test_two_kingdoms_named_leave_it_open() -> None:
    text = "زار الوفد المغرب ثم الأردن. وقال إن المملكة تستعد للموسم السياحي."
    assert kingdom_mentions(text, None) == []


def test_the_outlet_wins_over_a_kingdom_named() -> None:
    text = "استقبل الملك وفدا من الأردن. وقال إن المملكة تستعد للموسم السياحي."
    assert ("country:SA", "المملكة") in kingdom_mentions(text, "SA")


@pytest.mark.parametrize(("text", "expected"), [
    ("وصل الوزير إلى المملكة المتحدة أمس.", [("country:GB", "المملكة المتحدة")]),
    ("تضم المملكة الحيوانية آلاف الأنواع.", []),
])
def test_a_longer_name_or_another_kingdom(text: str, expected: list[tuple[str, str]]) -> None:
    assert kingdom_mentions(text, "SA") == expected
