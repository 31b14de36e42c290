"""People named after a country adjective, as sport and world news name them."""

from __future__ import annotations

import pytest

from workers.stages.enrich.entities import find_entities


def people(text: str) -> list[str]:
    return sorted(m.text for e in find_entities(text) if e.type == "person" for m in e.mentions)


@pytest.mark.parametrize(("text", "expected"), [
    # names the model never saw, of words the corpora seldom use: taken after the adjective
    ("ليكون اعتماده على لاعبين مثل البلجيكي فنسان كومباني والعاجي يايا توريه.",
     ["فنسان كومباني", "يايا توريه"]),
    ("لخسارة جهود مهاجمه البوسني ادين دزيكو لمصلحة روما.", ["ادين دزيكو"]),
], ids=["belgian-and-ivorian", "bosnian"])
def test_a_name_after_a_country_adjective(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize("text", [
    "أفاد التلفزيون بأن مسيرات أوكرانية هاجمت مصفاة نفط.",  # a feminine adjective, a verb
    "وصلت سفينة مساعدات إلى ميناء العريش المصري محملة بالأغذية والأدوية.",  # clitics
    "تحدث على إحدى القنوات التركية، كواليس ليلة هروب الأسد.",  # a comma between
    "ارتفع الدولار الأمريكي مقابل الين الياباني.",  # ordinary words
], ids=["feminine", "clitics", "comma", "ordinary-words"])
def test_no_name_after_a_country_adjective(text: str) -> None:
    assert people(text) == []
