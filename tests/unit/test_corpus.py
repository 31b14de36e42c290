"""The benchmark corpus: reproducible bytes, every encoding and layout the split stage handles,
and files the pipeline accepts (or rejects exactly when they are meant to be dead letters)."""

from __future__ import annotations

import hashlib
from functools import cache

import pytest

from benchmarks.corpus import DEFAULT_COUNT, ENCODINGS, CorpusFile, generate, seed_pools
from workers.errors import InputRejected
from workers.record import RawFile
from workers.stages.pipeline import process_raw


@cache
def corpus() -> tuple[CorpusFile, ...]:
    return tuple(generate())


def digest(files: list[CorpusFile] | tuple[CorpusFile, ...]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + f.data + b"\0")
    return h.hexdigest()


def text(item: CorpusFile) -> str:
    if item.encoding == "utf-16":
        return item.data.decode("utf-16")
    if item.encoding == "cp1256":
        return item.data.decode("cp1256")
    return item.data.decode("utf-8-sig")


def test_same_seed_gives_the_same_bytes() -> None:
    assert digest(generate(200, seed=7)) == digest(generate(200, seed=7))


def test_another_seed_gives_other_bytes() -> None:
    assert digest(generate(200, seed=7)) != digest(generate(200, seed=8))


def test_a_file_does_not_depend_on_the_corpus_size() -> None:
    assert generate(300, seed=3)[:40] == generate(40, seed=3)


def test_default_corpus_has_5000_files_with_distinct_articles() -> None:
    files = corpus()
    assert len(files) == DEFAULT_COUNT >= 5000
    articles = [f.data for f in files if not f.dead]
    assert len(set(articles)) == len(articles)


@pytest.mark.parametrize("encoding", [name for name, _ in ENCODINGS] + ["utf-8"])
def test_every_encoding_has_a_share(encoding: str) -> None:
    share = sum(f.encoding == encoding for f in corpus()) / len(corpus())
    assert share >= 0.01


def test_crlf_files_use_crlf_only() -> None:
    crlf = [f for f in corpus() if f.encoding == "utf-8-crlf"]
    assert all(f.data.count(b"\r\n") == f.data.count(b"\n") for f in crlf)


def test_utf16_files_start_with_a_byte_order_mark() -> None:
    utf16 = [f for f in corpus() if f.encoding == "utf-16"]
    assert all(f.data[:2] in (b"\xff\xfe", b"\xfe\xff") for f in utf16)


def test_cp1256_files_are_not_utf8() -> None:
    cp1256 = [f for f in corpus() if f.encoding == "cp1256"]

    def is_utf8(data: bytes) -> bool:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    assert not any(is_utf8(f.data) for f in cp1256)


@pytest.mark.parametrize("group", ["read_also", "related_labels", "dateline_labels",
                                   "source_labels", "keyword_labels", "boilerplate"])
def test_every_label_group_appears(group: str) -> None:
    labels = seed_pools().labels[group]
    texts = [text(f) for f in corpus()[:1000] if not f.dead]
    assert any(label in t for t in texts for label in labels)


@pytest.mark.parametrize("pool", ["captions", "english_captions", "embeds", "bylines", "quirks"])
def test_every_seed_piece_kind_appears(pool: str) -> None:
    pieces = getattr(seed_pools(), pool)
    texts = [text(f) for f in corpus()[:1000] if not f.dead]
    assert pieces and any(piece in t for t in texts for piece in pieces)


def test_dead_letters_are_a_small_share() -> None:
    dead = sum(f.dead for f in corpus())
    assert 0 < dead < 0.03 * len(corpus())


def raw(item: CorpusFile) -> RawFile:
    return RawFile(item.data, hashlib.sha256(item.data).hexdigest(), item.name)


SAMPLE = [f for f in generate(400, seed=11) if not f.dead][::8]
DEAD = [f for f in generate(1000, seed=11) if f.dead][:6]


@pytest.mark.parametrize("item", SAMPLE, ids=lambda f: f.name)
def test_sample_goes_through_the_pipeline(item: CorpusFile) -> None:
    assert process_raw(raw(item))


@pytest.mark.parametrize("item", DEAD, ids=lambda f: f.name)
def test_intended_dead_letters_are_rejected(item: CorpusFile) -> None:
    with pytest.raises(InputRejected):
        process_raw(raw(item))
