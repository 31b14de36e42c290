"""Date mentions: one behaviour per test; the labelled set (dates/test_eval.py) covers the forms."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workers.stages.dates import find_dates

THU = date(2025, 2, 27)


def values(text: str, base: date | None = THU) -> list[tuple[str, str]]:
    return [(d.text, d.value) for d in find_dates(text, base)]


def test_offsets_index_the_text_even_with_diacritics_and_tatweel() -> None:
    text = "وقال المتحدثُ غداً إنّ الاجتماع في الـ١٨ من فبرايـر الجاري"
    mentions = find_dates(text, THU)
    assert [text[d.start : d.end] for d in mentions] == [d.text for d in mentions]
    assert [d.text for d in mentions] == ["غداً", "الـ١٨ من فبرايـر الجاري"]


def test_mentions_are_sorted_by_start() -> None:
    mentions = find_dates("في 3 مارس 2024 ثم أمس ثم عام 2018 واليوم", THU)
    assert [d.start for d in mentions] == sorted(d.start for d in mentions)
    assert len(mentions) == 4


def test_datetime_base_uses_its_calendar_date_without_conversion() -> None:
    late = datetime.fromisoformat("2025-02-27T23:59:00+14:00")
    assert values("قال أمس", late) == [("أمس", "2025-02-26")]


def test_no_base_keeps_only_self_contained_dates() -> None:
    text = "أمس واليوم الخميس و18 فبراير وقبل يومين والشهر الماضي و3 مارس 2024 و1446هـ"
    assert [d.kind for d in find_dates(text, None)] == ["absolute", "absolute"]


def test_day_month_without_year_takes_the_nearest_year() -> None:
    assert values("في السابع من أكتوبر", date(2024, 1, 29)) == [("السابع من أكتوبر", "2023-10-07")]


def test_weekday_agreeing_with_the_day_is_kept_in_the_mention() -> None:
    assert values("اليوم الخميس") == [("اليوم الخميس", "2025-02-27")]


def test_weekday_one_day_off_moves_the_date_to_the_weekday() -> None:
    # Published just after midnight GMT, written on the writer's Thursday.
    assert values("اليوم الخميس", date(2025, 2, 28)) == [("اليوم الخميس", "2025-02-27")]


def test_weekday_further_off_is_left_out_of_the_mention() -> None:
    assert values("اليوم الاثنين") == [("اليوم", "2025-02-27")]


def test_explicit_date_wins_over_a_contradicting_weekday() -> None:
    assert values("السبت 28 فبراير 2025") == [("السبت 28 فبراير 2025", "2025-02-28")]


@pytest.mark.parametrize(
    "text",
    [
        "مدتها ست سنوات",
        "لمدة 6 ساعات ونصف",
        "أكثر من 2000 مرة",
        "بنسبة 25%",
        "مصدر إيراني لـبغداد اليوم",
        "لمدة لا تقل عن 30 يوماً",
        "في اليوم التالي",
        "مارس الضغط",
        "رجب طيب أردوغان",
        "شارع 15 مايو",
        "قبل أيام",
        "بعد عام من الحرب",
    ],
)
def test_not_a_date(text: str) -> None:
    assert values(text) == []


def test_list_of_days_gives_one_mention_per_day() -> None:
    assert values("في 15 و17 مارس", date(2024, 3, 11)) == [
        ("15", "2024-03-15"),
        ("17 مارس", "2024-03-17"),
    ]


def test_week_is_an_iso_interval_of_days() -> None:
    (mention,) = find_dates("الأسبوع الماضي", THU)
    assert (mention.value, mention.precision) == ("2025-02-17/2025-02-23", "day")


def test_hijri_date_keeps_its_text_and_gives_the_gregorian_value() -> None:
    (mention,) = find_dates("29 شعبان 1446 هـ", None)
    assert (mention.text, mention.value, mention.calendar) == (
        "29 شعبان 1446 هـ",
        "2025-02-28",
        "hijri",
    )


def test_invalid_day_is_not_a_date() -> None:
    assert values("31 فبراير 2025") == []


def test_hijri_year_outside_the_converter_range_is_dropped() -> None:
    assert values("عام 1300هـ", None) == []
