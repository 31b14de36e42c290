"""Precision and recall of quote detection against the hand-annotated set in tests/data/quotes.

Run: ``.venv/bin/python tests/eval/quotes.py [--entities real|standin]``. Prints a markdown
table. A predicted quote is correct when its text equals a gold quote's text (the offsets are
then equal too: ``find_quotes`` returns ``text[start:end]``); a speaker is correct when the
normalised gold name and the predicted name contain one another ("لافروف" / "سيرغي لافروف").

Entities: ``real`` uses ``workers.stages.enrich.entities.find_entities``; ``standin`` builds
entities from the name lists written next to each article (every occurrence of each listed name,
longest first) — an oracle for the entity stage, so speaker figures then measure the quote rules
alone.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workers.record import Entity, EntityType, Mention  # noqa: E402
from workers.stages.enrich.quotes import find_quotes  # noqa: E402

DATA = ROOT / "tests" / "data" / "quotes"
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_TYPES: dict[str, EntityType] = {
    "persons": "person",
    "organizations": "organization",
    "locations": "location",
    "media": "media",
}
Finder = Callable[[str], list[Entity]]


@dataclass(frozen=True, slots=True)
class Scores:
    gold: int
    predicted: int
    spans_correct: int
    speakers_gold: int
    speakers_predicted: int
    speakers_correct: int
    speakers_found: int = 0  # found quotations whose gold speaker is known

    def row(self, label: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "n/a"

        return (
            f"| {label} | {self.gold} | {self.predicted} | "
            f"{ratio(self.spans_correct, self.predicted)} | "
            f"{ratio(self.spans_correct, self.gold)} | "
            f"{ratio(self.speakers_correct, self.speakers_predicted)} | "
            f"{ratio(self.speakers_correct, self.speakers_gold)} |"
        )

    @property
    def span_precision(self) -> float:
        return self.spans_correct / self.predicted if self.predicted else 1.0

    @property
    def span_recall(self) -> float:
        return self.spans_correct / self.gold if self.gold else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_correct / self.speakers_gold if self.speakers_gold else 1.0

    @property
    def speaker_right_of_found(self) -> float:
        """Of the quotations found whose speaker the annotation knows, the share attributed
        to that speaker: the speaker figure apart from quote detection."""
        return self.speakers_correct / self.speakers_found if self.speakers_found else 1.0


def load_articles() -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    for path in sorted(DATA.glob("*.toml")):
        with path.open("rb") as handle:
            for article in tomllib.load(handle)["articles"]:
                article["file"] = path.name
                articles.append(article)
    return articles


def corpus_sha256() -> str:
    digest = hashlib.sha256()
    for path in sorted(DATA.glob("*.toml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def standin_entities(article: dict[str, Any]) -> list[Entity]:
    """Entities from the article's own name lists; longer names claim their span first."""
    text: str = article["text"]
    names = [(n, kind) for key, kind in _TYPES.items() for n in article.get(key, [])]
    taken = [False] * len(text)
    entities: list[Entity] = []
    for name, kind in sorted(names, key=lambda item: (-len(item[0]), item[0])):
        mentions = []
        for match in re.finditer(re.escape(name), text):
            if not any(taken[match.start() : match.end()]):
                taken[match.start() : match.end()] = [True] * len(name)
                mentions.append(Mention(name, match.start(), match.end()))
        if mentions:
            entities.append(Entity(id=f"{kind}:{name}", type=kind, name=name, mentions=mentions))
    return entities


def _norm(name: str | None) -> str:
    text = _MARKS.sub("", name or "")
    return re.sub("[أإآ]", "ا", text).replace("ى", "ي").strip()


def speaker_matches(gold: str, predicted: str | None, names: Sequence[str] = ()) -> bool:
    """``names``: other names of the predicted entity (its English name, its mention texts)."""
    g = _norm(gold)
    return any(
        bool(g and p) and (g in p or p in g) for p in (_norm(n) for n in (predicted, *names))
    )


def entity_names(entities: Sequence[Entity], entity_id: str | None) -> list[str]:
    for entity in entities:
        if entity.id == entity_id:
            return [entity.name_en or "", *(m.text for m in entity.mentions)]
    return []


def score(
    articles: Sequence[dict[str, Any]], finder: Callable[[dict[str, Any]], list[Entity]]
) -> Scores:
    gold_n = pred_n = spans = sp_gold = sp_pred = sp_ok = sp_found = 0
    for article in articles:
        gold = {q["text"]: q.get("speaker") for q in article.get("quotes", [])}
        entities = finder(article)
        predicted = find_quotes(article["text"], entities)
        gold_n += len(gold)
        pred_n += len(predicted)
        sp_gold += sum(1 for s in gold.values() if s)
        for quote in predicted:
            if quote.text not in gold:
                continue
            spans += 1
            sp_pred += quote.speaker is not None
            expected = gold[quote.text]
            sp_found += bool(expected)
            names = entity_names(entities, quote.speaker_id)
            sp_ok += bool(expected) and speaker_matches(expected, quote.speaker, names)
    return Scores(gold_n, pred_n, spans, sp_gold, sp_pred, sp_ok, sp_found)


def error_lines(
    articles: Sequence[dict[str, Any]], finder: Callable[[dict[str, Any]], list[Entity]]
) -> list[str]:
    """Every false alarm (FP), wrong speaker (SPK) and missed quotation (FN)."""
    lines = []
    for article in articles:
        gold = {q["text"]: q.get("speaker") for q in article.get("quotes", [])}
        entities = finder(article)
        found = find_quotes(article["text"], entities)
        for quote in found:
            names = entity_names(entities, quote.speaker_id)
            if quote.text not in gold:
                lines.append(f"FP {article['id']}: {quote.text[:60]!r} ({quote.speaker})")
            elif gold[quote.text] and not speaker_matches(gold[quote.text], quote.speaker, names):
                lines.append(
                    f"SPK {article['id']}: {quote.text[:40]!r} "
                    f"{quote.speaker} != {gold[quote.text]}"
                )
        for text in sorted(set(gold) - {q.text for q in found}):
            lines.append(f"FN {article['id']}: {text[:60]!r}")
    return lines


def finder_for(mode: str) -> tuple[str, Callable[[dict[str, Any]], list[Entity]]]:
    if mode == "real":
        from workers.stages.enrich.entities import find_entities

        return "real find_entities", lambda article: find_entities(article["text"])
    return "stand-in (annotated names)", standin_entities


def report(mode: str) -> str:
    label, finder = finder_for(mode)
    articles = load_articles()
    lines = [
        f"Quote evaluation: {len(articles)} articles, corpus sha256 {corpus_sha256()[:16]}, "
        f"entities: {label}",
        "",
        "| set | gold quotes | predicted | span precision | span recall | "
        "speaker precision | speaker recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in sorted({a["file"] for a in articles}):
        lines.append(score([a for a in articles if a["file"] == name], finder).row(name))
    lines.append(score(articles, finder).row("**all**"))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", choices=["real", "standin"], default="standin")
    parser.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args()
    print(report(args.entities))
    if args.errors:
        print("\n".join(error_lines(load_articles(), finder_for(args.entities)[1])))


if __name__ == "__main__":
    main()
