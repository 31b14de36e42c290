"""Word clusters: the raw text they are learned from, the file they are written to, and the
features the tagger reads off them."""

from __future__ import annotations

from pathlib import Path

from workers.stages.enrich.entities.tagger.clusters import (
    arabic_word,
    cluster,
    write_clusters,
    write_corpus,
    write_counts,
)
from workers.stages.enrich.entities.tagger.features import raw_counts, word_clusters
from workers.stages.enrich.entities.tagger.raw_text import hindawi_books, raw_sentences

METADATA = (
    "BookURI\tBookCats\tBookID\tBookTitle\tAuthorID\tAuthorNam\tEditorID\tEditorNam\tTranslID"
    "\tTranslNam\tBookRel\n"
    "1290Old.Book.Hindawi1\tnovels\t1\tt\t1\ta\tNone\tNone\tNone\tNone\tNone\n"
    "1300Old.Translated.Hindawi2\tnovels\t2\tt\t2\ta\tNone\tNone\t7\tمترجم\tNone\n"
    "1400New.Book.Hindawi3\tnovels\t3\tt\t3\ta\tNone\tNone\tNone\tNone\tNone\n"
)
BOOK = ('######OpenITI#\n{"BookURI": "x"}\n#META#Header#End#\n\n'
        "# | عنوان\n\nذهب محمد\nإلى الرياض.\n")


def _hindawi(tmp_path: Path) -> Path:
    root = tmp_path / "RAW_Hindawi"
    (root / "converted_mARkdownSimple").mkdir(parents=True)
    (root / "hindawi_metadata_man_2023-05-26.tsv").write_text(METADATA, encoding="utf-8")
    for uri in ("1290Old.Book.Hindawi1", "1300Old.Translated.Hindawi2", "1400New.Book.Hindawi3"):
        (root / "converted_mARkdownSimple" / f"{uri}CL-ara1").write_text(BOOK, encoding="utf-8")
    return root


def test_only_public_domain_books_that_are_not_translations_are_read(tmp_path: Path) -> None:
    assert [p.name for p in hindawi_books(_hindawi(tmp_path))] == ["1290Old.Book.Hindawi1CL-ara1"]


def test_raw_sentences_join_wrapped_lines_and_drop_headers(tmp_path: Path) -> None:
    wiki = tmp_path / "arz" / "AA"
    wiki.mkdir(parents=True)
    (wiki / "wiki_00").write_text('<doc id="1" title="x">\nروما عاصمه\\n\\nايطاليا\n</doc>\n',
                                  encoding="utf-8")
    got = list(raw_sentences(_hindawi(tmp_path), tmp_path / "arz"))
    assert got == [["ذهب", "محمد", "الي", "الرياض", "."], ["روما", "عاصمه", "ايطاليا"]]


def test_the_same_text_gives_the_same_clusters(tmp_path: Path) -> None:
    lines = ["قال محمد في الرياض", "قال احمد في جده", "قال علي في مكه", "قال خالد في الرياض"]
    text = tmp_path / "text"
    text.mkdir()
    (text / "wiki_00").write_text("\n".join(lines * 40) + "\n", encoding="utf-8")
    written = []
    for run in ("a", "b"):
        corpus = tmp_path / f"corpus-{run}.txt"
        assert write_corpus(None, text, corpus) == 4 * 4 * 40
        words, counts, labels = cluster(corpus, granularities=(2, 3), max_words=100)
        assert len(words) == len(labels) and all(len(row) == 2 for row in labels)
        assert dict(zip(words, counts, strict=True))["الرياض"] == 80
        out = tmp_path / f"clusters-{run}.tsv"
        write_clusters(words, labels, out)
        write_counts(words, counts, tmp_path / f"counts-{run}.tsv")
        written.append(out.read_bytes() + (tmp_path / f"counts-{run}.tsv").read_bytes())
    assert written[0] == written[1]
    clusters = (tmp_path / "clusters-a.tsv").read_text(encoding="utf-8")
    assert sorted(line.split("\t")[0] for line in clusters.splitlines()) == sorted(
        {word for line in lines for word in line.split()})


def test_the_clusters_file_is_read_coarse_to_fine(tmp_path: Path) -> None:
    clusters = tmp_path / "clusters.tsv"
    counts = tmp_path / "raw_counts.tsv"
    write_clusters(["محمد", "الرياض"], [[3, 17], [5, 40]], clusters)
    write_counts(["محمد", "الرياض"], [120, 75], counts)
    assert word_clusters(clusters) == {"الرياض": ("5", "40"), "محمد": ("3", "17")}
    read = raw_counts(counts)
    assert (read.get("الرياض"), read.get("محمد"), read.get("جدة", -1)) == (75, 120, -1)
    assert len(read) == 2
    assert "محمد" in read and "جدة" not in read
    assert word_clusters(tmp_path / "absent.tsv") == {}
    assert len(raw_counts(tmp_path / "absent.tsv")) == 0


def test_the_counts_keep_arabic_words_only(tmp_path: Path) -> None:
    """Digits, punctuation and Latin words of the raw text are no word the linker asks about."""
    counts = tmp_path / "raw_counts.tsv"
    write_counts(["محمد", "BBC", "1001", "1001ﻫ", ".", "«", "ڤيينا", "CNN"],
                 [120, 5, 9, 3, 500, 40, 7, 11], counts)
    assert counts.read_text(encoding="utf-8") == "محمد\t120\nڤيينا\t7\n"


def test_the_shipped_counts_hold_arabic_words_only() -> None:
    path = Path(__file__).resolve().parents[4] / "workers" / "data" / "entities" / "model"
    words = [line.split("\t")[0]
             for line in (path / "raw_counts.tsv").read_text(encoding="utf-8").splitlines()]
    assert len(words) > 150_000
    assert all(arabic_word(word) for word in words)
