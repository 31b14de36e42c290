"""The trained tagger and the linker: tokens, features, corpus reading, clitics, bodies, ids,
and the shipped model rebuilt byte for byte from its corpus."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pycrfsuite
import pytest

from workers.stages.enrich.entities import find_entities
from workers.stages.enrich.entities.bodies import find_bodies
from workers.stages.enrich.entities.linker import link
from workers.stages.enrich.entities.linker.clitics import StandingAlone, clitic_length
from workers.stages.enrich.entities.selection import read_gazetteer
from workers.stages.enrich.entities.tagger import model
from workers.stages.enrich.entities.tagger.corpus import CORPUS, read_conll, spans
from workers.stages.enrich.entities.tagger.features import (
    RawCounts,
    build_word_features,
    known_only,
    sentence_features,
    strip_proclitics,
    word_features,
)
from workers.stages.enrich.entities.tagger.model import (
    ATTRIBUTES_FILE,
    MODEL_DIR,
    MODEL_FILE,
    shipped_tagger,
)
from workers.stages.enrich.entities.tagger.tokens import sentences
from workers.stages.enrich.entities.tagger.training import train
from workers.stages.text.arabic import normalize_arabic

ROOT = Path(__file__).resolve().parents[4]


def test_sentences_end_at_punctuation_and_lines() -> None:
    text = "قال كيري: نعم. وغادر\nالرياض اليوم"
    found = [[t.text for t in s] for s in sentences(text)]
    assert found == [["قال", "كيري", ":", "نعم", "."], ["وغادر"], ["الرياض", "اليوم"]]
    for sentence in sentences(text):
        for token in sentence:
            assert text[token.start : token.end] == token.text


@pytest.mark.parametrize(
    ("word", "clitics", "stem"),
    [
        ("وبالرياض", "وبال", "رياض"),
        ("للرياض", "لل", "رياض"),
        ("واشنطن", "و", "اشنطن"),  # the features strip freely; the linker decides the span
        ("لندن", "ل", "ندن"),
        ("في", "", "في"),
    ],
)
def test_strip_proclitics(word: str, clitics: str, stem: str) -> None:
    assert strip_proclitics(word) == (clitics, stem)


def test_word_features_mark_given_names_and_category_heads() -> None:
    assert "fn" in word_features(normalize_arabic("ميساء")).own
    assert "h=organization" in word_features(normalize_arabic("وزارة")).own
    assert "fn" not in word_features(normalize_arabic("الكرة")).own


def test_sentence_features_see_the_neighbours() -> None:
    words = ["قال", "فهد", "اليوم"]
    features = sentence_features(words, [(), ("g=B-PER",), ()])
    assert "BOS" in features[0] and "EOS" in features[2]
    assert "+g=B-PER" in features[0] and "-g=B-PER" in features[2]
    assert "-w=قال" in features[1] and "+w=اليوم" in features[1]


@pytest.mark.parametrize(
    ("word", "counts", "cut"),
    [
        ("والرياض", {}, 1),  # و + الرياض
        ("وبالرياض", {}, 2),
        ("للرياض", {}, 1),  # ل + (ا)لرياض: the span starts at the second ل
        ("للندن", {}, 1),
        ("واشنطن", {"واشنطن": 5}, 0),
        ("وكيري", {"كيري": 2}, 1),  # the article uses كيري alone
        ("وكيري", {}, 0),  # nothing says و is a clitic here
        ("بيروت", {"بيروت": 3}, 0),
    ],
)
def test_clitic_length(word: str, counts: dict[str, int], cut: int) -> None:
    assert clitic_length(word, counts) == cut


def test_a_rest_the_article_never_writes_alone_is_counted_from_the_training_corpus() -> None:
    """وعبد الله: عبد never stands alone in the article, but the corpus has it 103 times."""
    counts = StandingAlone(Counter({"وعبد": 1, "الله": 1}), {"عبد": 103, "وعبد": 4})
    assert counts["عبد"] == 103 and counts["وعبد"] == 5 and counts.get("عب", 0) == 0
    assert clitic_length("وعبد", counts) == 1
    assert clitic_length("وعبد", Counter({"وعبد": 1})) == 0  # the article alone cannot tell


def test_a_given_name_is_never_cut_however_common_its_rest() -> None:
    assert clitic_length("فيصل", StandingAlone(Counter({"فيصل": 1}), {"يصل": 17, "فيصل": 9})) == 0


@pytest.mark.parametrize(
    ("word", "cut"),
    [
        ("بفابيان", 1),  # the raw text never uses بفابيان, and uses فابيان
        ("ليستر", 0),  # it uses ليستر, though يستر more
        ("ليو", 0),  # a rest of two letters is never taken
    ],
)
def test_the_raw_text_decides_a_clitic_only_for_a_word_it_never_uses(word: str, cut: int) -> None:
    raw = RawCounts({"فابيان": 8, "ليستر": 16, "يستر": 132, "يو": 109})
    assert clitic_length(word, {}, raw) == cut


def test_corpus_reader_skips_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "c.conll"
    path.write_text("برند B-PERS\nجوتشولك I-PERS\nقال O\n\n. Oالإصابة O\nفي O\n", "utf-8")
    corpus = read_conll(path)
    assert corpus.skipped == [5]
    assert corpus.sentences == [[("برند", "B-PER"), ("جوتشولك", "I-PER"), ("قال", "O")],
                                [("في", "O")]]


def test_bio_spans() -> None:
    assert spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG"]) == {
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG")}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("أعلنت وزارة الداخلية السعودية اليوم أن", ["وزاره الداخليه السعوديه"]),
        ("قال المتحدث باسم المديرية العامة للدفاع المدني إن", ["المديريه العامه للدفاع المدني"]),
        ("ارتفعت أسهم شركة سابك أمس", ["سابك"]),
        ("ارتفعت أسهم شركة كبرى أمس", []),  # a common word after شركة is no name
        # an ordinary definite word after شركة: the head stays in the name; after فريق, none
        ("اتهم المواطنون شركة الكهرباء بالمماطلة", ["شركه الكهرباء"]),
        ("وقالت شركة المياه الوطنية إن", ["شركه المياه الوطنيه"]),
        ("ارتفعت أسهم شركة المراعي أمس", ["المراعي"]),  # a rare word: the company's own name
        ("وقال فريق العمل إن", []),
        ("وقال رئيس مجلس الإدارة", ["مجلس الاداره"]),
        # a last word after و continues the name; two bodies joined by و stay two
        ("وأعلنت وزارة الشئون البلدية والقروية أمس", ["وزاره الشئون البلديه والقرويه"]),
        ("شاركت وزارة الطيران المدني والخطوط الجوية الماليزية", ["وزاره الطيران المدني"]),
    ],
)
def test_bodies_by_head_noun(text: str, names: list[str]) -> None:
    norm = normalize_arabic(text)
    lexicon = {"كبري": 40}
    assert [norm[b.start : b.end] for b in find_bodies(norm, [], lexicon)] == names


def test_unknown_names_keep_provisional_ids_and_the_tagger_type() -> None:
    text = "وقال رئيس الاتحاد برند جوتشولك إن شركات صناعة السيارات في ألمانيا تواجه عاما صعبا."
    entities = {e.id: e for e in find_entities(text)}
    assert entities["country:DE"].type == "location"
    person = [e for e in entities.values() if e.type == "person"]
    assert [(e.id, e.known) for e in person] == [("person:~برند-جوتشولك", False)]


def test_demonym_mentions_say_so() -> None:
    entity = {e.id: e for e in find_entities("قال الرئيس الروسي إن روسيا مستعدة")}["country:RU"]
    assert [(m.text, m.form) for m in entity.mentions] == [("الروسي", "demonym"), ("روسيا", "name")]


def test_a_city_named_club_is_an_organisation_in_its_context() -> None:
    ids = {e.id for e in find_entities("وقال لاعب برشلونة إن نادي برشلونة سيفوز. ووصل إلى برشلونة")}
    assert "org:fc-barcelona" in ids


def test_short_form_links_to_the_long_name() -> None:
    assert "org:un-security-council" in {e.id for e in find_entities("أكد مجلس الأمن أن")}


def test_a_surname_alone_after_the_full_name_is_the_same_person() -> None:
    text = "وقال سيغموند فرويد إن الحلم رغبة. وعاد فرويد إلى فيينا."
    people = [e for e in find_entities(text) if e.type == "person"]
    assert [[m.text for m in e.mentions] for e in people] == [["سيغموند فرويد", "فرويد"]]


def test_the_tagger_keeps_the_names_it_is_sure_of(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tagged span stands when the model gives every label in it ``MIN_CONFIDENCE``; none
    does at a threshold above 1, every Viterbi span at 0."""
    text = normalize_arabic("وقال الرئيس الفرنسي إيمانويل ماكرون في باريس إن شركة توتال "
                            "ستستثمر في العراق مع الشيخ حمدان بن راشد.")
    tagger = shipped_tagger()

    def tagged(threshold: float) -> set[tuple[int, int, str]]:
        monkeypatch.setattr(model, "MIN_CONFIDENCE", threshold)
        return {(span.start, span.end, span.type) for span in tagger.tag(text, [], []).spans}

    shipped = model.MIN_CONFIDENCE
    assert 0.0 < shipped < 1.0
    every = tagged(0.0)
    assert every and tagged(shipped) <= every and tagged(1.01) == set()


def test_leaving_out_the_features_the_model_lacks_changes_no_label_or_marginal() -> None:
    """The tagger drops the feature strings its model never weighs before CRFsuite reads
    them; on a real news file the labels and every marginal are those of the full features."""
    crf = pycrfsuite.Tagger()
    crf.open(str(MODEL_DIR / MODEL_FILE))
    known = frozenset((MODEL_DIR / ATTRIBUTES_FILE).read_text("utf-8").splitlines())
    seed = sorted((ROOT / "seeds").glob("*.txt"))[2]
    text = normalize_arabic(seed.read_text("utf-8"))
    full_count = kept_count = 0
    for sentence in sentences(text):
        words = [token.text for token in sentence]
        marks = [("g=B-LOC",) if i == 0 else () for i in range(len(words))]
        full = sentence_features(words, marks)
        kept = sentence_features(words, marks,
                                 lambda word: known_only(build_word_features(word), known))
        full_count += sum(map(len, full))
        kept_count += sum(map(len, kept))
        labels = crf.tag(full)
        marginals = [crf.marginal(label, i) for i, label in enumerate(labels)]
        assert crf.tag(kept) == labels
        assert [crf.marginal(label, i) for i, label in enumerate(labels)] == pytest.approx(
            marginals, abs=1e-9)
    assert kept_count < 0.9 * full_count


def test_the_shipped_model_loads_offline_and_is_small() -> None:
    assert shipped_tagger().lexicon
    assert (MODEL_DIR / MODEL_FILE).stat().st_size < 30 * 1024 * 1024
    assert sum(path.stat().st_size for path in MODEL_DIR.iterdir()) < 30 * 1024 * 1024
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text("utf-8"))
    assert manifest["corpus"]["licence"].startswith("CC BY-SA 4.0")
    assert (MODEL_DIR / "LICENCE.md").exists()
    # its cross-validation scores were taken with the threshold the tagger reads now
    assert manifest["min_confidence"] == model.MIN_CONFIDENCE


@pytest.mark.timeout(1200)  # training to convergence: about two minutes on one core here
def test_the_build_reproduces_the_shipped_model(tmp_path: Path) -> None:
    """Training is deterministic: the corpus named in the manifest gives the committed files."""
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text("utf-8"))
    assert hashlib.sha256(CORPUS.read_bytes()).hexdigest() == manifest["corpus"]["sha256"]
    train(read_conll(CORPUS).sentences, tmp_path)
    for name in ("model", "attributes", "lexicon"):
        built = hashlib.sha256((tmp_path / manifest[name]).read_bytes()).hexdigest()
        assert built == manifest[f"{name}_sha256"]


def test_precision_recall_f1() -> None:
    from workers.stages.enrich.entities.tagger.corpus import precision_recall_f1

    assert precision_recall_f1(3, 1, 2) == (0.75, 0.6, 2 * 0.75 * 0.6 / 1.35)
    assert precision_recall_f1(0, 0, 0) == (0.0, 0.0, 0.0)


def _linked(text: str, tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The linker's mentions (text, type) for ``text`` when the model tagged ``tagged``
    ((words, type) pairs): the linker's rules on spans chosen here, whatever the model says."""
    norm = normalize_arabic(text)
    view = read_gazetteer(norm)
    spans = []
    for words, kind in tagged:
        start = norm.index(normalize_arabic(words))
        end = start + len(normalize_arabic(words))
        spans.append(model.Tagged(start, end, kind, norm[start:end].split()[0]))
    tagging = model.Tagging(sorted(spans), {})
    return [(norm[s.start : s.end], s.type)
            for s in link(norm, view, tagging, shipped_tagger().lexicon)]


def test_a_person_never_runs_into_a_to_the_word_or_a_place_after_a_preposition() -> None:
    assert ("سلمان", "person") in _linked("وصلت مساعدات سلمان للإغاثة أمس",
                                          [("سلمان للإغاثة", "PER")])
    found = _linked("وقف الجمهور مع عبدالعزيز بجدة أمس", [("عبدالعزيز بجدة", "PER")])
    assert [span for span in found if span[1] == "person"] == [("عبدالعزيز", "person")]


def test_a_person_of_everyday_definite_words_alone_is_dropped() -> None:
    assert _linked("وتابع العالم المباراة", [("العالم", "PER")]) == []
    assert _linked("وقال الحارثي إن", [("الحارثي", "PER")]) == [("الحارثي", "person")]
