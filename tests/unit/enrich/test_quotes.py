"""Quote rules, one behaviour per case, with entities built by hand (no entity stage needed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.record import Entity, EntityType, Mention
from workers.stages.enrich.quotes import find_quotes


def entities(text: str, **names: EntityType) -> list[Entity]:
    """One entity per keyword name, a mention at every occurrence in ``text``."""
    found = []
    for name, kind in names.items():
        spaced = name.replace("_", " ")
        mentions = []
        start = text.find(spaced)
        while start >= 0:
            mentions.append(Mention(spaced, start, start + len(spaced)))
            start = text.find(spaced, start + 1)
        found.append(Entity(id=f"{kind}:{name}", type=kind, name=spaced, mentions=mentions))
    return found


SPEECH = [
    # (text, names, expected [(quote text, speaker)])
    (
        "وقال بيسكوف: “تمّ اتخاذ قرار ببدء الحوار”.",
        {"بيسكوف": "person"},
        [("تمّ اتخاذ قرار ببدء الحوار", "بيسكوف")],
    ),
    (
        "وأضاف لافروف إنّ «النتائج ستظهر قريبا جدا».",
        {"لافروف": "person"},
        [("النتائج ستظهر قريبا جدا", "لافروف")],
    ),
    (
        'قال الكرملين في بيان إنه أمر "اعتادوا سماعه" بالفعل.',
        {"الكرملين": "organization"},
        [("اعتادوا سماعه", "الكرملين")],
    ),
    (
        "وأكّدت واشنطن أنّ “المحادثات خطوة أولى في طريق طويل”.",
        {"واشنطن": "location"},
        [("المحادثات خطوة أولى في طريق طويل", "واشنطن")],
    ),
    (
        '"We will not back down," Biden told reporters.',
        {"Biden": "person"},
        [("We will not back down,", "Biden")],
    ),
    (
        'Peskov said: "Such a meeting requires serious preparation."',
        {"Peskov": "person"},
        [("Such a meeting requires serious preparation.", "Peskov")],
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), SPEECH)
def test_speech_verb_introduces_a_quote(
    text: str, names: dict[str, EntityType], expected: list[tuple[str, str]]
) -> None:
    quotes = find_quotes(text, entities(text, **names))
    assert [(q.text, q.speaker) for q in quotes] == expected


NOT_SPEECH = [
    'نقلت صحيفة "وول ستريت جورنال" عن مسؤولين أن المحادثات جرت.',
    'وفقا لما أوردته وكالة أنباء "تاس" الروسية.',
    'وقال إن العلاقات ما زالت وستظل "سيئة" بلا شك.',  # scare quote far from the verb
    'بعد أنباء "المحادثات السرية".. تعليقات روسية',  # no speech verb
    "من خلال «أعمال تخريبية ونشر معلومات» تتعلق بالانتخابات.",  # no speech verb
    "وأضاف مارك كارني لصحيفة “نيويورك تايمز” أمس أنه سيعود.",  # title after لصحيفة
]


@pytest.mark.parametrize("text", NOT_SPEECH)
def test_titles_scare_quotes_and_verbless_quotes_are_not_quotes(text: str) -> None:
    assert find_quotes(text, []) == []


def test_a_quote_open_across_a_line_break_is_not_emitted() -> None:
    text = 'وأضاف لافرينتييف: "لا يوجد حوار بشأن سوريا.\nوأوضح أن الاتصالات مستمرة".'
    assert find_quotes(text, entities(text, لافرينتييف="person")) == []


def test_a_verb_without_subject_takes_the_previous_speaker() -> None:
    text = "وقال لافروف إن «الحوار مستمر بين البلدين».\nوأضاف «نحن منفتحون على كل الخيارات»."
    quotes = find_quotes(text, entities(text, لافروف="person"))
    assert [q.speaker for q in quotes] == ["لافروف", "لافروف"]


def test_a_verb_without_subject_and_no_previous_quote_takes_the_last_person() -> None:
    text = "التقى الوزير فيدان نظراءه.\nوأضاف «نحن على اتصال دائم بالجميع»."
    quotes = find_quotes(text, entities(text, فيدان="person"))
    assert [q.speaker for q in quotes] == ["فيدان"]


def test_a_second_quote_of_the_same_sentence_continues_the_first() -> None:
    text = "واكتفى أنتونوف بالقول إن «درجة الخطاب المعادي» من قبل الإدارة «تتجاوز الحد بشكل كبير»."
    quotes = find_quotes(text, entities(text, أنتونوف="person"))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("درجة الخطاب المعادي", "أنتونوف"),
        ("تتجاوز الحد بشكل كبير", "أنتونوف"),
    ]


def test_a_participle_takes_the_speaker_of_its_sentence() -> None:
    text = "وأوضح فيدان أن الأمر حسم ضد نظام بشار الأسد، مؤكداً أن «الحسم كان سياسيا قبل أي شيء»."
    found = entities(text, فيدان="person", بشار_الأسد="person")
    assert [q.speaker for q in find_quotes(text, found)] == ["فيدان"]


def test_the_person_of_a_role_speaks_not_the_organisation() -> None:
    text = "وقال المتحدث باسم الكرملين ديمتري بيسكوف إن «الاتصالات مستمرة مع واشنطن»."
    found = entities(text, الكرملين="organization", ديمتري_بيسكوف="person")
    assert [q.speaker_id for q in find_quotes(text, found)] == ["person:ديمتري_بيسكوف"]


def test_an_unknown_subject_is_kept_as_written_without_an_id() -> None:
    text = 'وقالت السفارة الروسية - في بيان - "نؤكد أن روسيا لا تشكل أي تهديد".'
    quotes = find_quotes(text, [])
    assert [(q.speaker, q.speaker_id) for q in quotes] == [("السفارة الروسية", None)]


def test_a_role_is_linked_back_to_the_person_it_named_earlier() -> None:
    text = (
        "صرح رئيس الوزراء الكندي مارك كارني امس.\n"
        "وأوضح رئيس الوزراء أن “الفترة الماضية قد انتهت فعلا”."
    )
    quotes = find_quotes(text, entities(text, مارك_كارني="person"))
    assert [q.speaker for q in quotes] == ["مارك كارني"]


def test_a_list_of_slogans_shares_the_fate_of_its_first_item() -> None:
    text = 'ورفع المتظاهرون لافتات كتب عليها "لا للفساد" و"الشعب يريد محاسبة المقصرين".'
    assert find_quotes(text, []) == []


def test_a_companion_named_after_the_verb_is_not_the_speaker() -> None:
    text = (
        "قال الوزير آل ثاني إن «الوساطة مستمرة».\n"
        "وأضاف في مؤتمر مع نظيره ألباريس: «نحن ملتزمون بالجهود»."
    )
    found = entities(text, آل_ثاني="person", ألباريس="person")
    assert [q.speaker for q in find_quotes(text, found)] == ["آل ثاني", "آل ثاني"]


def test_the_person_is_preferred_to_the_organisation_after_a_quotation() -> None:
    text = '"This order underlines our confidence," Emirates president Tim Clark told reporters.'
    found = entities(text, Emirates="organization", Tim_Clark="person")
    assert [q.speaker for q in find_quotes(text, found)] == ["Tim Clark"]


def test_an_unknown_name_after_a_verb_of_saying_is_the_speaker() -> None:
    text = 'وقال محافظة خلال جولة: "جهزنا أكثر من 400 مدرسة جديدة".'
    assert [q.speaker for q in find_quotes(text, [])] == ["محافظة"]


def test_a_surname_is_linked_to_the_full_name() -> None:
    text = "التقى النائب محمد الخالدي الصحفيين.\nوتابع الخالدي: «الخلافات ما زالت عميقة جدا»."
    found = entities(text, محمد_الخالدي="person")
    assert [q.speaker_id for q in find_quotes(text, found)] == ["person:محمد_الخالدي"]


def test_offsets_index_the_text_and_exclude_the_marks() -> None:
    text = "عنوان\nوقال بوتين: «  جميعنا نرى مدى سرعة التغير  »."
    (quote,) = find_quotes(text, entities(text, بوتين="person"))
    assert text[quote.start : quote.end] == quote.text == "جميعنا نرى مدى سرعة التغير"


PIECES = st.sampled_from(
    [
        "قال",
        "وأضاف",
        "بوتين",
        "إن",
        "أن",
        " ",
        " ",
        "«",
        "»",
        "“",
        "”",
        '"',
        "\n",
        ".",
        "،",
        "صحيفة",
        "نحن",
        "هنا",
        "said",
        "X",
    ]
)


@settings(max_examples=300, deadline=2000)
@given(st.lists(PIECES, max_size=40))
def test_every_quote_is_a_span_of_one_line_and_the_result_is_deterministic(
    pieces: list[str],
) -> None:
    text = " ".join(pieces)
    found = entities(text, بوتين="person")
    quotes = find_quotes(text, found)
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        assert "\n" not in quote.text
    assert quotes == find_quotes(text, found)


def test_the_reversed_curly_pair_marks_a_quotation() -> None:
    text = "وقال الوزير: ”سنواصل العمل حتى النهاية“."
    (quote,) = find_quotes(text, [])
    assert quote.text == "سنواصل العمل حتى النهاية"
    assert quote.speaker == "الوزير"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وتحدث العمدة للصحفيين قائلا: «المدينة ستعود كما كانت».", "العمدة"),
        ("وندد الأمين العام بالهجوم وقال: «هذا عمل جبان لا يبرره شيء».", "الأمين العام"),
        ("واستنكرت الجامعة العربية الاعتداء، مؤكدة أن «الأمن خط أحمر للجميع».",
         "الجامعة العربية"),
    ],
)
def test_verbs_of_talking_and_condemning_introduce_quotations(text: str, speaker: str) -> None:
    (quote,) = find_quotes(text, entities(text, الجامعة_العربية="organization"))
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وقال ذوو الشهداء: «نطالب بمحاسبة المسؤولين عن الحادث».", "ذوو الشهداء"),
        ("وقال شهود عيان إن «الانفجار هز المنطقة بأكملها».", "شهود عيان"),
        ("وقال مصدر أمني إن «التحقيقات ما زالت جارية».", "مصدر أمني"),
    ],
)
def test_an_unnamed_speaker_is_kept_as_described(text: str, speaker: str) -> None:
    (quote,) = find_quotes(text, [])
    assert quote.speaker == speaker
    assert quote.speaker_id is None


def test_a_body_named_by_its_head_noun_is_the_one_named_earlier() -> None:
    text = (
        "أعلنت وزارة الداخلية القبض على خلية إرهابية في الرياض.\n"
        "وذكرت الصحيفة أن العملية استمرت أسبوعا.\n"
        "وقالت الوزارة في بيان: «لن نسمح بالمساس بأمن الوطن»."
    )
    found = entities(text, وزارة_الداخلية="organization", الرياض="location")
    (quote,) = find_quotes(text, found)
    assert (quote.speaker, quote.speaker_id) == ("وزارة الداخلية", "organization:وزارة_الداخلية")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("كما أكد المدير بأن حصول «موبايلي» على الشهادة إنجاز.", {"موبايلي": "organization"}),
        ('بحسب ما ذكرت "ذي دايلي مايل" التي رأت ان المدرب غاضب.', {}),
        ('وذكرت صحيفتا "ذي دايلي مايل" و"دايلي تلغراف" ان سيتي يسعى للصفقة.', {}),
    ],
)
def test_a_name_in_quotation_marks_is_not_a_quotation(text: str, names: dict[str, EntityType],
                                                       ) -> None:
    assert find_quotes(text, entities(text, **names)) == []


def test_a_source_in_a_body_is_the_speaker_and_the_source_goes_on_speaking() -> None:
    text = ("وقال مصدر أمني في وزارة الداخلية إن الخلية «لا علاقة لها» بالتفجير.\n"
            "وقال المصدر: إن هذه خلية «جديدة وتم الكشف عنها بجهود استباقية».")
    quotes = find_quotes(text, entities(text, وزارة_الداخلية="organization"))
    assert [(q.speaker, q.speaker_id) for q in quotes] == [("مصدر أمني", None)] * 2


def test_a_speaker_named_after_from_is_not_the_subject() -> None:
    text = ("وعزز المدرب لوران بلان الفرضية عندما قال من كاليفورنيا بعد المباراة: "
            "«هناك احتمال كبير لكن لا شيء رسمي».")
    (quote,) = find_quotes(text, entities(text, لوران_بلان="person", كاليفورنيا="person"))
    assert quote.speaker == "لوران بلان"


def test_indirect_speech_before_a_quotation_names_its_speaker() -> None:
    text = ("وقال الأبنودي، إن محمود درويش أهم شاعر عربي في العصر الحديث. "
            "وتابع «أنا من عشاق درويش شعرا وشخصا».")
    quotes = find_quotes(text, entities(text, الأبنودي="person", محمود_درويش="person"))
    assert [q.speaker for q in quotes] == ["الأبنودي"]


def test_indirect_speech_of_unnamed_speakers_names_the_next_speaker() -> None:
    text = ("قال الطبيب «المريض بحالة مستقرة».\n"
            "وتساءل الأهالي عن غياب الاحتفالات. وأكدوا أن «المهرجانات أمر مهم للمحافظة».")
    quotes = find_quotes(text, [])
    assert [q.speaker for q in quotes] == ["الطبيب", "الأهالي"]


def test_a_role_and_its_qualifiers_before_a_name_make_that_person_the_next_speaker() -> None:
    text = ("قال سفير روسيا لدى الولايات المتحدة أناتولي أنتونوف إن السفارة على اتصال.\n"
            "وأضاف «نحن على اتصال وثيق مع الخارجية الأمريكية».")
    found = entities(text, روسيا="location", الولايات_المتحدة="location",
                     أناتولي_أنتونوف="person")
    (quote,) = find_quotes(text, found)
    assert quote.speaker == "أناتولي أنتونوف"


def test_an_honorific_pronoun_is_the_dignitary_named_before() -> None:
    text = ("دعا الأمير جلوي بن عبدالعزيز الشباب إلى زيارة المواقع التاريخية.\n"
            "وقال سموه «إن القصر يوثق مرحلة مهمة من تاريخ البلاد».")
    (quote,) = find_quotes(text, entities(text, جلوي_بن_عبدالعزيز="person"))
    assert quote.speaker == "جلوي بن عبدالعزيز"


def test_a_quotation_after_two_dots_continues_the_last_one() -> None:
    text = ("وكان المالكي قال في مقابلة: “الإرهاب له جذور فكرية معروفة”.. "
            "“الحكومة غير قادرة على ضبط هذا التوجه”.")
    quotes = find_quotes(text, entities(text, المالكي="person"))
    assert [q.speaker for q in quotes] == ["المالكي", "المالكي"]


@pytest.mark.parametrize(
    "text",
    ["وزاد «تم وضع خطط أمنية للأحياء والطرقات».", 'وواصل "في الوقت الحالي لا شيء رسمي".',
     'وروت القاضية "لقد فكرت مليا في الحكم".'],
)
def test_verbs_of_going_on_and_narrating_introduce_quotations(text: str) -> None:
    assert len(find_quotes(text, [])) == 1


def test_a_name_before_when_is_not_the_subject_of_the_verb_after_it() -> None:
    text = ('ثم عزز مدرب الفريق لوران بلان فرضية ضم دي ماريا عندما قال، '
            '"إن هناك احتمالا كبيرا لكن ليس هناك أي شيء رسمي".')
    (quote,) = find_quotes(text, entities(text, لوران_بلان="person", دي_ماريا="person"))
    assert quote.speaker == "لوران بلان"


def test_a_club_after_a_role_is_not_the_sentence_subject_but_its_holder_is() -> None:
    text = ('ثم عزز مدرب سان جرمان لوران بلان فرضية ضم دي ماريا عندما قال، '
            '"إن هناك احتمالا كبيرا".')
    found = entities(text, سان_جرمان="organization", لوران_بلان="person", دي_ماريا="person")
    (quote,) = find_quotes(text, found)
    assert quote.speaker == "لوران بلان"


def test_a_role_word_is_the_last_speaker_when_he_was_introduced_with_it() -> None:
    text = ("بدأ المدرب الايطالي المخضرم كلاوديو رانييري مشواره مع الفريق بفوز كبير.\n"
            "وتعجب كثيرون من استبعاد المدرب السابق نايجل بيرسون.\n"
            "وقال رانييري: إنه شجع اللاعبين.\n"
            "وأوضح المدرب: «قلت للاعبين عند النزول لأرض الملعب أن يستمتعوا».")
    full, short = text.find("كلاوديو رانييري"), text.find("وقال رانييري") + len("وقال ")
    ranieri = Entity(id="person:~كلاوديو-رانييري", type="person", name="كلاوديو رانييري",
                     mentions=[Mention("كلاوديو رانييري", full, full + len("كلاوديو رانييري")),
                               Mention("رانييري", short, short + len("رانييري"))])
    (quote,) = find_quotes(text, [ranieri, *entities(text, نايجل_بيرسون="person")])
    assert quote.speaker == "كلاوديو رانييري"
