"""find_entities: clitics, variants, surnames, titles, ambiguity rules and spans."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.record import Entity
from workers.stages.enrich.entities import find_entities
from workers.stages.enrich.entities.people import family_named, titled_names
from workers.stages.enrich.entities.selection import read_gazetteer, titles_outside
from workers.stages.enrich.entities.tagger.model import shipped_tagger
from workers.stages.enrich.entities.tagger.tokens import tokenize
from workers.stages.text.arabic import normalize_arabic

CASES: dict[str, list[dict[str, Any]]] = tomllib.loads(
    (Path(__file__).parents[3] / "data" / "entities" / "cases.toml").read_text(encoding="utf-8")
)


def _by_id(text: str) -> dict[str, Entity]:
    return {entity.id: entity for entity in find_entities(text)}


@pytest.mark.parametrize("case", CASES["clitic"], ids=lambda c: c["mention"])
def test_clitic_prefixed_name_is_found(case: dict[str, str]) -> None:
    entity = _by_id(case["text"])[case["id"]]
    assert [m.text for m in entity.mentions] == [case["mention"]]


@pytest.mark.parametrize("case", CASES["variant"], ids=lambda c: c["a"])
def test_variant_spellings_in_one_text_link_to_one_id(case: dict[str, str]) -> None:
    text = f"ذكر التقرير {case['a']} في البداية ثم عاد إلى {case['b']} في النهاية."
    entity = _by_id(text)[case["id"]]
    assert len(entity.mentions) == 2


@pytest.mark.parametrize("case", CASES["surname"], ids=lambda c: c["id"])
def test_surname_links_to_the_person(case: dict[str, Any]) -> None:
    entity = _by_id(case["text"])[case["id"]]
    assert len(entity.mentions) == case["mentions"]


def test_shared_surname_follows_the_full_name_used_earlier() -> None:
    text = "التقى مسعود بارزاني الوفد. وقال بارزاني إن الإقليم مستعد."
    entities = _by_id(text)
    assert len(entities["person:masoud-barzani"].mentions) == 2
    assert "person:nechirvan-barzani" not in entities


def test_shared_surname_alone_links_to_no_curated_person() -> None:
    """Two curated Barzanis: the surname alone is a person, but neither of them."""
    people = [e for e in find_entities("وقال بارزاني إن الإقليم مستعد.") if e.type == "person"]
    assert all(not e.known and e.id.startswith("person:~") for e in people)


def test_family_name_alone_is_not_the_curated_person() -> None:
    """الصباح is a family of thousands: alone it is not the curated Kuwaiti leader."""
    entities = find_entities("وقال الصباح إن الحكومة ستجتمع غدا.")
    assert not [e for e in entities if e.known and e.type == "person"]


def test_word_that_is_a_surname_links_after_the_full_name() -> None:
    text = "قال محمد شياع السوداني إن العراق مستقر. وأكد السوداني ذلك."
    entities = _by_id(text)
    assert len(entities["person:mohammed-shia-al-sudani"].mentions) == 2
    assert "country:SD" not in entities


@pytest.mark.parametrize("case", CASES["ambiguity"], ids=lambda c: c["name"])
def test_ambiguous_name_resolved_by_context(case: dict[str, Any]) -> None:
    ids = set(_by_id(case["text"]))
    assert set(case["present"]) <= ids
    assert not set(case["absent"]) & ids


@pytest.mark.parametrize("case", CASES["titled"], ids=lambda c: c["name"])
def test_person_introduced_by_title(case: dict[str, str]) -> None:
    unknown = [e for e in find_entities(case["text"]) if not e.known]
    assert [(e.type, e.mentions[0].text) for e in unknown] == [("person", case["name"])]
    assert unknown[0].id.startswith("person:~")


@pytest.mark.parametrize("case", CASES["not_titled"], ids=lambda c: c["text"][:30])
def test_title_without_a_name_creates_no_person(case: dict[str, str]) -> None:
    assert [e.id for e in find_entities(case["text"]) if not e.known] == []


def test_unknown_person_surname_links_later() -> None:
    text = (
        "قال مستشار الأمن القومي البريطاني جوناثان باول إن الخطة جاهزة. وأضاف باول أنها تحتاج وقتا."
    )
    unknown = [e for e in find_entities(text) if not e.known]
    assert [m.text for m in unknown[0].mentions] == ["جوناثان باول", "باول"]


def test_adjective_is_a_country_mention() -> None:
    entity = _by_id("ومن المتوقع أن يفوز الرئيس الروسي فلاديمير بوتين")["country:RU"]
    assert [m.text for m in entity.mentions] == ["الروسي"]


@pytest.mark.parametrize(("text", "form"), [
    ("سمح لطائرات المؤن من السعودية والإمارات بالوصول.", "name"),  # after a particle
    ("وصل الوفد أمس للسعودية في زيارة رسمية.", "name"),  # a preposition on it
    ("السعودية تعلن موازنة العام.", "name"),  # first on its line
    ("وأعلنت الحكومة السعودية موازنة العام.", "demonym"),  # it qualifies the word before
])
def test_a_countrys_name_that_is_also_its_adjective(text: str, form: str) -> None:
    (mention,) = _by_id(text)["country:SA"].mentions
    assert mention.form == form


def test_place_inside_an_organisation_name_is_also_found() -> None:
    ids = set(_by_id("وجرت المحادثات في القنصلية العامة الأميركية باسطنبول."))
    assert {"org:us-consulate-istanbul", "geonames:745044"} <= ids


def test_english_aliases_are_matched() -> None:
    text = "U.S. President Joe Biden holds a call with Russia's President Vladimir Putin"
    ids = set(_by_id(text))
    assert {"country:US", "person:joe-biden", "country:RU", "person:vladimir-putin"} <= ids


def test_entry_fields_come_from_the_gazetteer() -> None:
    moscow = _by_id("وصل الوفد إلى موسكو")["geonames:524901"]
    assert (moscow.type, moscow.name, moscow.name_en, moscow.country) == (
        "location",
        "موسكو",
        "Moscow",
        "RU",
    )
    assert moscow.lat is not None and moscow.geonames_id == 524901


def test_entities_sorted_by_first_mention() -> None:
    entities = find_entities("زار بوتين أنقرة ثم التقى أردوغان في إسطنبول")
    starts = [e.mentions[0].start for e in entities]
    assert starts == sorted(starts)


def test_mentions_sorted_by_start() -> None:
    entity = _by_id("روسيا قالت إن روسيا لن تتراجع وإن موسكو تعرف ما تريد، روسيا")["country:RU"]
    starts = [m.start for m in entity.mentions]
    assert starts == sorted(starts) and len(starts) == 3


def test_spans_survive_diacritics_and_tatweel() -> None:
    text = "قالَ الرّئيسُ الرّوسيُّ فلاديميـــر بوتينُ إنَّ مُوسكو مستعدة"
    for entity in find_entities(text):
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    assert {"person:vladimir-putin", "geonames:524901", "country:RU"} <= set(_by_id(text))


_WORDS = st.sampled_from(
    [
        "روسيا",
        "وواشنطن",
        "قال",
        "الرئيس",
        "الأميركي",
        "دونالد",
        "ترامب",
        "في",
        "للولايات",
        "المتحدة",
        "الجزيرة",
        "(الفرنسية)",
        "US",
        "us",
        "بوتين",
        "،",
        "\n",
        "وزير",
        "الخارجية",
        "هاكان",
        "فيدان",
        "سامي",
        "كريم",
        "لدى",
        "موسكو",
        "\u0651",
        "\u0640",
    ]
)


@settings(deadline=1000, max_examples=200)
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_every_mention_indexes_its_text(text: str) -> None:
    for entity in find_entities(text):
        for mention in entity.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.text


@settings(deadline=1000, max_examples=100)
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_output_is_deterministic(text: str) -> None:
    assert find_entities(text) == find_entities(text)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("وقدم الفيلم لمحمد رمضان دورا جديدا.", "محمد رمضان"),  # the clitic ل is not the name
        ("وقال ساعد بن سعد العرابي الحارثي إن المدرسة جاهزة.", "ساعد بن سعد العرابي الحارثي"),
        ("وأكد حمد بن مشنان آل مبارك أن الوضع مستقر.", "حمد بن مشنان آل مبارك"),
        ("زار محمد بن نايف الرياض أمس.", "محمد بن نايف"),  # a known place ends the name
        ("وأصيب المواطن بيشي بن عيسى الصرخي بجروح.", "بيشي بن عيسى الصرخي"),  # before بن
        # an ordinary word after a name is no family name (the raw text uses الوفد often)
        ("واستقبل الأمير محمد بن سلمان بن عبد العزيز الوفد.", "محمد بن سلمان بن عبد العزيز"),
        ("واستقبل الأمير محمد بن سلمان بن عبد العزيز ولي ولي العهد وزير الدفاع الوفد.",
         "محمد بن سلمان بن عبد العزيز"),  # ولي ولي العهد is a title
        # the given name before بنت, when the model started after it
        ("وقالت الطالبة رهف بنت خالد الحارثي إن المدرسة جاهزة.", "رهف بنت خالد الحارثي"),
        # a common adjective the model took in front of a foreign name
        ("وضم الفريق الجناح الايمن باتريك روبرتس من فولهام.", "باتريك روبرتس"),
        # "ولد" (son of) never ends a name, though الشيخ after it is a title elsewhere
        ("وقال المبعوث الأممي إلى اليمن إسماعيل ولد الشيخ إن المحادثات مستمرة.",
         "إسماعيل ولد الشيخ"),
    ],
)
def test_where_an_unknown_persons_name_starts_and_ends(text: str, mention: str) -> None:
    people = [e for e in find_entities(text) if e.type == "person"]
    assert [m.text for e in people for m in e.mentions] == [mention]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("نقل المصاب إلى مستشفى جازان العام أمس.", "مستشفى جازان العام"),
        ("وقالت وزارة الصحة العام الماضي إن الحالات تراجعت.", "وزارة الصحة"),
        ("وأعلنت المؤسسة العامة لتحلية المياه المالحة عن مشروع.",
         "المؤسسة العامة لتحلية المياه المالحة"),
        # a title ends a body's name: the person follows
        ("وقال محافظ المؤسسة العامة لتحلية المياه المالحة المهندس عبدالرحمن آل إبراهيم إن",
         "المؤسسة العامة لتحلية المياه المالحة"),
        # a genitive of four letters (لكرة), but not a short word that is none (لهذه الغاية)
        ("وفاز منتخب مصر لكرة القدم الشاطئية باللقب.", "منتخب مصر لكرة القدم الشاطئية"),
        ("وأعدت وزارة الصحة لهذه الغاية خطة.", "وزارة الصحة"),
    ],
)
def test_a_bodys_name_goes_on_with_general_and_a_genitive(text: str, name: str) -> None:
    bodies = [e for e in find_entities(text) if e.type == "organization"]
    assert [m.text for e in bodies for m in e.mentions] == [name]


def test_a_known_body_is_found_with_and_without_its_clitic() -> None:
    text = "وأكد البنك الأهلي التجاري أن للبنك الأهلي التجاري الحق في الاسترداد."
    (bank,) = [e for e in find_entities(text) if e.type == "organization"]
    assert [m.text for m in bank.mentions] == ["البنك الأهلي التجاري", "لبنك الأهلي التجاري"]


@pytest.mark.parametrize(
    "text",
    ["وقال البنك المركزي إن التضخم تراجع.",  # a description, not a name (GUIDELINES §4)
     "وشارك التحالف بقيادة المملكة العربية السعودية في العملية."],  # بقيادة "led by"
)
def test_descriptions_are_not_bodies(text: str) -> None:
    assert [e.type for e in find_entities(text) if e.type == "organization"] == []


def test_a_state_body_with_a_country_adjective_is_one_organisation() -> None:
    text = "وقالت الحكومة اليمنية إن الدعم وصل، وأكد الشعب اليمني أن وللحكومة اليمنية حقها."
    found = {e.id: [(m.text, m.form) for m in e.mentions] for e in find_entities(text)}
    government = found["org:~الحكومه-اليمنيه"]
    assert government == [("الحكومة اليمنية", "name"), ("لحكومة اليمنية", "name")]
    # the adjective stays a mention of the country, inside the body's name and after الشعب
    assert found["country:YE"] == [("اليمنية", "demonym"), ("اليمني", "demonym"),
                                   ("اليمنية", "demonym")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وصلت التعزيزات إلى قاعدة العند في لحج.", "قاعدة العند"),
        ("نقل الموقوف إلى سجن جازان العام أمس.", "سجن جازان العام"),
        ("رسا القارب في ميناء مليلية الإسباني.", "ميناء مليلية"),  # the adjective is outside
        ("أقيمت المباراة على ملعب الأمير فيصل بن فهد.", "ملعب الأمير فيصل بن فهد"),
        # the town after ب is a place of its own, and the purpose after it no part of the name
        ("قررت الجماهير التواجد في مطار الملك عبدالعزيز بجدة لاستقبال النجم الغاني الجديد",
         "مطار الملك عبدالعزيز"),
    ],
)
def test_a_facility_is_a_place_named_with_its_head(text: str, name: str) -> None:
    places = [m.text for e in find_entities(text) if e.type == "location"
              for m in e.mentions if m.form == "name"]
    assert name in places
    assert not any(name != other and name.find(other) >= 0 for other in places)


def test_a_town_with_a_masculine_country_adjective_is_a_club_everywhere_in_the_article() -> None:
    text = "انتقل اللاعب من فولفسبورغ الالماني. وكان فولفسبورغ قد رفض العرض."
    (club,) = [e for e in find_entities(text) if e.type == "organization"]
    assert [m.text for m in club.mentions] == ["فولفسبورغ", "فولفسبورغ"]
    city = find_entities("زار الوفد روما الإيطالية أمس.")
    assert [e.type for e in city] == ["location", "location"]  # the city, and Italy


def test_a_clubs_second_word_alone_is_the_club_once_the_article_named_it() -> None:
    text = "يبدو ان مانشستر سيتي اقترب من الصفقة. وقال مدرب سيتي إن الفريق جاهز."
    (club,) = find_entities(text)
    assert [m.text for m in club.mentions] == ["مانشستر سيتي", "سيتي"]
    rivals = find_entities("فاز مانشستر سيتي على مانشستر يونايتد.")
    assert len({e.id for e in rivals}) == 2  # the town alone does not make them one club


def test_an_organisations_alias_needs_no_support_from_the_model() -> None:
    found = find_entities("قصف التحالف مواقع الحوثيين في صعدة.")
    assert "org:houthis" in {e.id for e in found}


def test_city_alone_is_the_club_named_first_and_a_towns_united_club_its_town() -> None:
    text = ("خسر مانشستر سيتي أمام نيويورك سيتي، ثم فاز سيتي على نيوكاسل يونايتد. "
            "وقال مدرب نيوكاسل إن الفريق تعب.")
    mentions = {m.text: e.id for e in find_entities(text) for m in e.mentions}
    assert mentions["سيتي"] == "org:manchester-city"
    assert mentions["نيوكاسل"] == mentions["نيوكاسل يونايتد"]


def test_a_clubs_town_starting_with_a_clitic_letter_stays_whole() -> None:
    text = "وقال رئيس نادي ليستر سيتي إن الفريق جاهز."
    assert "ليستر سيتي" in [m.text for e in find_entities(text) for m in e.mentions]


@pytest.mark.parametrize(
    ("text", "entity_id"),
    [
        ("وتقع منطقة عسير جنوب البلاد، ويقصد الزوار عسير صيفا.", "region:asir-region"),
        ("وقعت حادثة في الأفلاج أمس.", "region:al-aflaj"),
        ("استشهد جندي على الحد الجنوبي أمس.", "region:southern-border-sa"),
    ],
)
def test_a_curated_region_needs_no_support_from_the_model(text: str, entity_id: str) -> None:
    assert entity_id in {e.id for e in find_entities(text)}


def test_a_town_after_a_governor_or_a_place_noun_is_the_town() -> None:
    taif = find_entities("تحت رعاية محافظ الطائف الأستاذ فهد بن عبدالعزيز.")
    assert "الطائف" in [m.text for e in taif if e.type == "location" for m in e.mentions]


def test_two_bodies_the_model_joined_with_and_are_two() -> None:
    text = "وذكر الاتحاد أن المباراة ستجمع بين فريقي النصر والهلال في لندن."
    bodies = [m.text for e in find_entities(text) if e.type == "organization" for m in e.mentions]
    assert "النصر" in bodies and "الهلال" in bodies and "النصر والهلال" not in bodies


def test_a_club_named_by_an_ordinary_word_in_sports_news() -> None:
    sport = ("أنهى الهلال الموسم متصدرا للدوري بعد المباراة الأخيرة التي سجل فيها اللاعب هدفا "
             "في الشوط الثاني.")
    sky = "ظهر الهلال في السماء ليلة أمس فأعلن المرصد بداية الشهر."
    assert "org:al-hilal" in _by_id(sport)
    assert "org:al-hilal" not in _by_id(sky)


@pytest.mark.parametrize(("text", "mention"), [
    # a definite category noun and the adjective after it are one name (GUIDELINES §2.3)
    ("وصل الوفد إلى المنطقة الشرقية أمس.", "المنطقة الشرقية"),
    # an indefinite one is left out when the rest names the same place
    ("هطلت أمطار غزيرة على منطقة عسير أمس.", "عسير"),
    ("وصل الوفد إلى دولة الكويت أمس.", "الكويت"),
    ("وصل الوفد إلى منطقة الحدود الشمالية أمس.", "الحدود الشمالية"),
])
def test_a_category_noun_before_a_known_place(text: str, mention: str) -> None:
    places = [m.text for e in find_entities(text) if e.type == "location" for m in e.mentions]
    assert places == [mention]


def test_a_word_with_to_the_ends_the_walk_after_a_title() -> None:
    """للاعبين "to the players" is ل + ال: never part of a name, though not definite itself."""
    norm = normalize_arabic("اللذان منحهما مدرب الفريق كريستيان جروس للاعبين عقب عودة الفريق.")
    view = read_gazetteer(norm)
    found = titled_names(norm, view.spans, titles_outside(view.titles, view.spans), view.titles)
    assert {norm[start:end] for start, end in found} == {"كريستيان جروس"}  # مدرب، الفريق


def test_a_given_name_and_a_rare_family_name_are_offered_as_a_person() -> None:
    """No title in front (sport news lists players so); a clitic و is left out, and a common
    word is no family name (على الأرض normalises as a given name would, علي)."""
    norm = normalize_arabic("وشارك علي الخضراوي وفهد المفرج في المباراة على الأرض.")
    view = read_gazetteer(norm)
    found = family_named(norm, view.spans, tokenize(norm).all, shipped_tagger().lexicon)
    assert [norm[start:end] for start, end in found] == ["علي الخضراوي", "فهد المفرج"]


def test_a_coach_is_named_after_his_title() -> None:
    """مدرب introduces a person as وزير does: the walk after it offers the name to the linker."""
    norm = normalize_arabic("ثم عزز مدرب سان جرمان لوران بلان، فرضية ضم اللاعب.")
    view = read_gazetteer(norm)
    found = titled_names(norm, view.spans, titles_outside(view.titles, view.spans), view.titles)
    assert [norm[start:end] for start, end in found] == ["لوران بلان"]


def test_a_town_after_a_place_word_stays_the_town_whatever_its_adjective() -> None:
    """"في مدينة دبي الإماراتي": the place word says the city; the adjective's gender is a
    slip, and the town's other mentions stay the town."""
    text = "اختتم الفريق معسكره في مدينة دبي الإماراتي. وغادر البعثة دبي أمس."
    dubai = [e for e in find_entities(text) if e.id == "geonames:292223"]
    assert [m.text for e in dubai for m in e.mentions] == ["دبي", "دبي"]
    assert not [e for e in find_entities(text) if e.type == "organization"]


def test_a_centre_names_a_body_only_before_a_name() -> None:
    """مركز heads a body's name before an honorific, a known name or a rare word, and names
    no body before an ordinary word (the city centre)."""
    found = find_entities("أعلن مركز الملك سلمان للإغاثة عن وصول دفعة المعونات")
    assert [m.text for e in found if e.type == "organization" for m in e.mentions] == [
        "مركز الملك سلمان للإغاثة"]
    assert not [e for e in found if e.type == "person"]
    assert not [e for e in find_entities("تجمع الناس في مركز المدينة") if e.type == "organization"]


@pytest.mark.parametrize(
    ("text", "entity_id"),
    [
        ("وقال المرصد السوري لحقوق الإنسان إن الاشتباكات استمرت",
         "org:syrian-observatory-for-human-rights"),
        ("خفضت وكالة موديز التصنيف الائتماني", "org:moodys"),
        ("أعلن مركز الملك سلمان للإغاثة والأعمال الإنسانية عن وصول الدفعة", "org:ksrelief"),
    ],
)
def test_curated_bodies_the_training_corpus_never_names(text: str, entity_id: str) -> None:
    assert entity_id in {e.id for e in find_entities(text)}
