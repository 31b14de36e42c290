"""Where the names of people the gazetteer does not know start and end."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workers.stages.enrich.entities.automaton import Hit, trigger_words
from workers.stages.enrich.entities.bodies import is_rare
from workers.stages.enrich.entities.linker.ids import PROVISIONAL, provisional
from workers.stages.enrich.entities.people import Span
from workers.stages.enrich.entities.tagger.features import ARTICLE, TO_THE, given_names
from workers.stages.enrich.entities.tagger.tokens import TOKEN, Token, next_start

_FAMILY = "ال"  # آل "the family of", as the normalised text writes it
_SON_OF = frozenset({"بن", "بنت"})  # "son of", "daughter of": a given name comes before them
# Words a person's name never ends with: آل, son or daughter of (بن, بنت, ابن, and ولد in
# Mauritanian names), father of, servant of (عبد الله)
_JOINS_NEXT = frozenset({_FAMILY, *_SON_OF, "ابن", "ولد", "ابو", "عبد"})


def person_extents(norm: str, chosen: list[Span], names: list[Span], titles: Sequence[Hit],
                   tokens: Sequence[Token], lexicon: Mapping[str, int],
                   people: dict[str, str], surnames: dict[str, str]) -> list[Span]:
    """Where the names of unknown people start and end, as the annotation guidelines read
    them: never with a word of "to the" after the first (سلمان للإغاثة → سلمان: a purpose, not
    a name), without a title the model took in (الملك سلمان → سلمان, محمد بن سلمان ولي → without
    ولي), with the given name before a ``بن`` the model started on (بيشي بن عيسى الصرخي) or
    right after (رهف بنت خالد الحارثي) when it is a given name or a rare word and not a title,
    with a given name before a family name the model took alone, without a common definite
    word in front of a foreign name (الأيمن باتريك روبرتس), and with the family name that follows
    (ساعد بن سعد العرابي الحارثي, حمد بن مشنان آل مبارك): after a word a name never ends with
    (آل, بن, ولد, أبو, عبد: إسماعيل ولد الشيخ) the next word unless it is a stop word, or a
    definite word that is rare (:func:`is_rare`: in the training corpus and in the raw text)
    and not a name the gazetteer knows. How often the article uses the word is not asked: news
    repeats a family name (الحارثي seven times in one article)."""
    starts = {token.start: index for index, token in enumerate(tokens)}
    known = [(n.start, n.end) for n in names]
    stop = trigger_words().stopwords
    result: list[Span] = []
    taken: set[int] = set()  # starts of single-word spans absorbed as a family name
    for span in sorted(chosen):
        if span.start in taken:
            continue
        if span.type != "person" or span.form != "name":
            result.append(span)
            continue
        start, end = span.start, span.end
        for title in titles:
            if title.start <= start < title.end < end:  # "الملك سلمان": the title in front
                start = next_start(norm, title.end)
            elif start < title.start < end <= title.end:  # "… بن عبد العزيز ولي": behind
                end = len(norm[:title.start].rstrip())
        end = _before_to_the(norm, start, end)
        def given_before(index: int, rare: bool = True) -> bool:
            """Whether the token before token ``index`` is a given name (or, if ``rare``, a
            rare word) on the same line, not a title, a stop word or a known name."""
            if index < 1:
                return False
            before, gap = tokens[index - 1], norm[tokens[index - 1].end : tokens[index].start]
            return (gap.isspace() and "\n" not in gap and before.text.isalpha()
                    and before.text not in stop
                    and (before.text in given_names() or (rare and is_rare(before.text, lexicon)))
                    and not any(s < before.end and e > before.start for s, e in known)
                    and not any(title.start < before.end and title.end > before.start
                                for title in titles))

        index = starts.get(start)
        if index is not None and start == span.start:
            words = norm[start:end].split()
            if tokens[index].text in _SON_OF and given_before(index):
                start = tokens[index - 1].start  # بيشي بن عيسى الصرخي
            elif index > 1 and tokens[index - 1].text in _SON_OF and given_before(index - 1):
                start = tokens[index - 2].start  # رهف بنت خالد الحارثي
            elif (len(words) == 1 and words[0].startswith(ARTICLE)
                    and given_before(index, rare=False)):
                start = tokens[index - 1].start  # مساعد العيبان
            elif (len(words) > 1 and words[0].startswith(ARTICLE)
                    and not words[1].startswith(ARTICLE) and words[1] not in _SON_OF
                    and words[0] not in given_names() and not is_rare(words[0], lexicon)):
                start = next_start(norm, tokens[index].end)  # الأيمن باتريك روبرتس
        for name in names:  # "محمد بن نايف الرياض": a known place ends what the model ran on,
            # but not the name after بن (نايف is a place too)
            if (name.type == "location" and start < name.start and name.end == end
                    and not _SON_OF.intersection(norm[start : name.start].split()[-1:])):
                # before the place's whole word, clitics included (عبدالعزيز بجدة → عبدالعزيز)
                word_start = next((t.start for t in tokens if t.start <= name.start < t.end),
                                  name.start)
                end = len(norm[: max(word_start, start)].rstrip())
        if _JOINS_NEXT.intersection(norm[start:end].split()[-1:]):
            # "آل", "بن", "ولد" ended the span (اسماعيل ولد | الشيخ): a name goes on after them
            index = starts.get(next_start(norm, end))
            if (index is not None and tokens[index].text.isalpha()
                    and tokens[index].text not in stop
                    and norm[end : tokens[index].start].isspace()
                    and "\n" not in norm[end : tokens[index].start]):
                taken.add(tokens[index].start)
                end = tokens[index].end
        index = starts.get(next_start(norm, end))
        while index is not None and index < len(tokens):
            word = tokens[index]
            if norm[end : word.start].strip():
                break
            follow = tokens[index + 1] if index + 1 < len(tokens) else None
            if word.text == _FAMILY and follow is not None:  # آل, normalised: "آل مبارك"
                end = follow.end
                index += 2
            elif (word.text.startswith(ARTICLE) and len(word.text) > len(ARTICLE) + 2
                    and word.text not in stop and is_rare(word.text, lexicon)
                    and not any(s < word.end and e > word.start for s, e in known)):
                taken.add(word.start)
                end = word.end
                index += 1
            else:
                break
        if (start, end) == (span.start, span.end) or start >= end:
            result.append(span)
            continue
        entity_id = span.entity_id
        if entity_id.startswith(PROVISIONAL["PER"]):
            entity_id = provisional(norm, "PER", start, end, people, surnames)
        result.append(Span(start, end, entity_id, span.type, span.form))
    return [s for s in result if not (s.start in taken and s.type == "person"
                                      and " " not in norm[s.start : s.end])]


def _before_to_the(norm: str, start: int, end: int) -> int:
    """Where a person's name ends when a word after its first starts with "to the" (لل): before
    that word (مركز الملك سلمان للإغاثة, the model running on from سلمان)."""
    for number, match in enumerate(TOKEN.finditer(norm, start, end)):
        if number and match.group().startswith(TO_THE):
            return len(norm[: match.start()].rstrip())
    return end
