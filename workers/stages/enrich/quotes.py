"""Reported speech: quotations introduced by a speech verb, and who said them.

What counts as a quote (docs/enrich.md, "Quotes", has the examples):

* text inside «», “”, "" or the reversed ”“ within one paragraph (one line of
  ``article_text``); an unclosed mark or a quotation running over a line break is not emitted;
* introduced by a speech verb earlier in the same sentence, at most ``MAX_GAP_WORDS`` words
  before it; or continuing an emitted quotation of the same sentence; or followed within a few
  words by a speech verb ("“…,” Biden said");
* not right after a title word (صحيفة، وكالة أنباء، موقع، وفق …): that is a name;
* one or two words only when a complementizer or a colon introduces them directly
  ("قال إنه أمر "اعتادوا سماعه""); otherwise a scare quote.

Speaker, first rule that answers:

1. after the verb and before its complementizer: a name right after the verb; else the first
   person (names inside "مع …", "على …", "نظيره …" do not count); else the first organisation not
   tied to a role word ("رئيس البرلمان التركي" is a person's role); else the words themselves, up
   to ``MAX_RAW_SUBJECT_WORDS``, when they start with ال or a role word, linked back to a person
   when the text earlier wrote "<same words> <person>". English verbs: capitalised words after or
   before the verb. Verbal nouns ("عن X قوله"): the name right before, or the words after عن.
   Participles (مؤكداً، مضيفاً): the speaker of the sentence's previous speech verb;
2. a person/organisation at most two words before the verb ("وكان لافروف قال");
3. the first person/organisation of the sentence, before any reported clause ("ورحب زيلينسكي
   بالقرار، وكتب: …");
4. the previous speaker: of the last quotation, or the subject of a speech verb in a paragraph
   without quotations ("كشف وزير الخارجية هاكان فيدان …" then "وأوضح أن …");
5. the last person mentioned before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from workers.record import Entity, Quote
from workers.stages.enrich import patterns as pat
from workers.stages.text.arabic import normalize_arabic

MAX_GAP_WORDS = 30
SHORT_QUOTE_WORDS = 2  # a quotation this short is a scare quote unless introduced directly
MAX_SHORT_GAP_WORDS = 8
MAX_SUBJECT_WORDS = 4  # words between a verb and its subject's name
MAX_RAW_SUBJECT_WORDS = 8  # "الرئيس التنفيذي للشركة أمين الناصر"
SUBJECT_WINDOW = 80  # characters after a verb where its subject may start
_SPEAKER_TYPES = frozenset({"person", "organization"})


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    type: str
    name: str
    id: str | None


Speaker = tuple[str, str | None]  # (name, entity id)
_NOT_SPEECH: tuple[bool, Speaker | None] = (False, None)


def _mentions(entities: Sequence[Entity]) -> list[_Mention]:
    found = [_Mention(m.start, m.end, e.type, e.name, e.id) for e in entities for m in e.mentions]
    return sorted(found, key=lambda m: (m.start, -m.end, m.name))


class _Article:
    """One article's text, mentions and speech verbs, and the speaker so far."""

    def __init__(self, text: str, mentions: list[_Mention]) -> None:
        self.text = text
        self.mentions = mentions
        self.last_speaker: Speaker | None = None
        self.verbs = list(pat.verb_re().finditer(text))  # one scan of the whole text
        self._verb_starts = [v.start() for v in self.verbs]
        # Mentions are sorted by start: lookups bisect instead of scanning every mention, so the
        # cost per quote does not grow with the length of the article.
        self._starts = [m.start for m in mentions]

    def _before(self, position: int) -> list[_Mention]:
        """Mentions starting at or before ``position``, nearest first (the only ones that can
        end before it)."""
        last = bisect_right(self._starts, position)
        return self.mentions[last - 1 :: -1] if last else []

    def verbs_in(self, start: int, end: int) -> list[re.Match[str]]:
        """The speech verbs lying wholly inside [start, end), in text order."""
        first = bisect_left(self._verb_starts, start)
        last = bisect_left(self._verb_starts, end)
        return [v for v in self.verbs[first:last] if v.end() <= end]

    def in_range(self, start: int, end: int, types: frozenset[str]) -> list[_Mention]:
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end, lo=first)
        return [m for m in self.mentions[first:last] if m.end <= end and m.type in types]

    def explicit(self, verb: re.Match[str], stop: int) -> Speaker | None:
        """The subject written after the verb, before the quotation starts at ``stop``."""
        clause = pat.complementizer_re().search(self.text, verb.end(), stop)
        stop = clause.start() if clause else stop
        found = [
            m
            for m in self.in_range(verb.end(), stop, _SPEAKER_TYPES)
            if not _adjunct(self.text[verb.end() : m.start].split())
        ]
        if found and not self.text[verb.end() : found[0].start].strip():
            return found[0].name, found[0].id  # "قال الكرملين", "وقال لافروف"
        people = [m for m in found if m.type == "person"]
        if people:
            return people[0].name, people[0].id  # "مدرب ليفربول أرني سلوت"
        for m in found:
            if pat.role_link_re().search(self.text, max(0, m.start - 30), m.start):
                continue  # not "رئيس البرلمان التركي": the role's holder speaks
            if _describes(self.text[verb.end() : m.start].split()):
                continue  # "مصدر أمني في وزارة الداخلية": the source speaks, not the ministry
            return m.name, m.id
        places = self.in_range(verb.end(), stop, frozenset({"location"}))
        if places and not self.text[verb.end() : places[0].start].strip():
            return places[0].name, places[0].id
        if verb.lastgroup == "en":
            after = pat.CAPITALISED_AFTER_RE.match(self.text, verb.end(), stop)
            return (after.group(1), None) if after else None
        return self.raw_subject(
            verb.end(), stop, roles_only=verb.lastgroup == "objverb", bare=verb.lastgroup == "say"
        )

    def raw_subject(
        self, start: int, stop: int, *, roles_only: bool, bare: bool = False
    ) -> Speaker | None:
        words: list[str] = []
        pos = start
        while len(words) < MAX_RAW_SUBJECT_WORDS:
            match = pat.SUBJECT_WORD_RE.match(self.text, pos, stop)
            if (
                match is None
                or match.group(1) in pat.subject_words("stop")
                or pat.PREPOSITIONAL_RE.match(match.group(1))
            ):
                break  # "وندد الأمين العام بالهجوم": the subject ends before بالهجوم
            words.append(match.group(1))
            pos = match.end()
            if self.text[pos : pos + 1] not in (" ", ""):
                break  # punctuation ends the subject
        if words and words[0] in pat.subject_words("honorifics"):
            return self.last_speaker or self.first_person()  # "وقال سموه"
        opens = bool(words) and (words[0].startswith("ال") or bare) and not roles_only
        role = bool(words) and pat.roles().intersection((words[0], words[0].removeprefix("ال")))
        if not words or not (opens or role):
            return None  # "بدور المعارضة": an adjunct; "ودعا الأطراف": an object
        phrase = " ".join(words)
        return self._apposition(phrase, start) or self._body(phrase, start) or (phrase, None)

    def _apposition(self, phrase: str, before: int) -> Speaker | None:
        """ "رئيس الوزراء" written earlier as "رئيس الوزراء الكندي مارك كارني": that person."""
        if self.last_speaker and self.last_speaker[0].startswith(phrase):
            return self.last_speaker
        last = self.last_speaker
        if last and last[1] is None and phrase.startswith("ال") and last[0].startswith(phrase[2:]):
            return last  # "وقال المصدر" after "وقال مصدر أمني"
        for m in self._before(before):  # a surname: "الخالدي" after "محمد الخالدي"
            if m.end <= before and m.type == "person" and m.name.endswith(" " + phrase):
                return m.name, m.id
        forms = (phrase, phrase[2:]) if phrase.startswith("ال") else (phrase,)
        for form in forms:  # "وأوضح المدرب" after "المدرب الايطالي … رانييري" spoke: still him,
            # though "المدرب السابق بيرسون" was named since
            if last and any(s == last for s in self._appositions(form, before)):
                return last
        for form in forms:
            speaker = self._apposition_of(form, before)
            if speaker:
                return speaker
        return None

    def _body(self, phrase: str, before: int) -> Speaker | None:
        """ "وقالت الوزارة": the organisation the article named earlier with that head noun
        ("وزارة الداخلية"), the nearest one."""
        head = normalize_arabic(phrase)
        if " " in head or not head.startswith("ال") or head[2:] not in pat.body_heads():
            return None
        for m in self._before(before):
            if m.end <= before and m.type == "organization":
                first = normalize_arabic(self.text[m.start : m.end]).split()[0]
                if first in (head, head[2:]):
                    return m.name, m.id
        return None

    def _apposition_of(self, phrase: str, before: int) -> Speaker | None:
        """The nearest person before ``before`` written right after ``phrase``."""
        return next(self._appositions(phrase, before), None)

    def _appositions(self, phrase: str, before: int) -> Iterator[Speaker]:
        """Every person written right after ``phrase`` before ``before``, nearest first."""
        pos = self.text.rfind(phrase, 0, before - len(phrase))
        while pos >= 0:
            tail = pos + len(phrase)
            first = bisect_left(self._starts, tail)
            last = bisect_right(self._starts, tail + 24, lo=first)
            for m in self.mentions[first:last]:
                if m.type == "person":
                    between = self.text[tail : m.start]
                    if len(between.split()) <= 2 and not any(c in between for c in ".\n"):
                        yield m.name, m.id
                        break
            pos = self.text.rfind(phrase, 0, pos)

    def preceding(self, start: int) -> Speaker | None:
        """A person/organisation named at most two words before ``start`` ("لافروف قال")."""
        for m in self._before(start):
            if m.end > start or m.type not in _SPEAKER_TYPES:
                continue
            between = self.text[m.end : start]
            if _subordinated(between):
                return None  # "… دي ماريا عندما قال": the name closes the clause before
            if len(between.split()) <= 2 and not any(c in between for c in '.،,:\n«»“”"'):
                return m.name, m.id
            if start - m.end > 60:
                break
        return None

    def first_person(self) -> Speaker | None:
        return next(((m.name, m.id) for m in self.mentions if m.type == "person"), None)

    def last_person(self, start: int) -> Speaker | None:
        for m in self._before(start):
            if m.end <= start and m.type == "person":
                return m.name, m.id
        return None

    def shared_subject(self, verb: re.Match[str], sentence_start: int) -> Speaker | None:
        """The subject written after an earlier speech verb of the sentence, which a verb
        without one shares: "وندد الأمين العام بالهجوم وقال: …"."""
        for earlier in reversed(self.verbs_in(sentence_start, verb.start())):
            if earlier.lastgroup in ("say", "verb", "objverb"):
                speaker = self.explicit(earlier, verb.start())
                if speaker:
                    return speaker
        return None

    def sentence_subject(self, start: int, end: int) -> Speaker | None:
        """The first person/organisation of the sentence, if no reported clause precedes it:
        "ورحب الرئيس الأوكراني زيلينسكي بالقرار، وكتب: …" — the coordinated verb shares it."""
        roles = pat.subject_words("roles") | pat.subject_words("role_links")
        for m in self.in_range(start, end, _SPEAKER_TYPES):
            if pat.complementizer_re().search(self.text, start, m.start):
                return None
            before = self.text[start : m.start].split()
            if m.type != "person" and before and before[-1] in roles:
                continue  # "مدرب سان جرمان لوران بلان": the role's holder, not the club
            return m.name, m.id
        return None

    def _from_phrase(self, start: int) -> Speaker | None:
        """ "نقل عن مصدر دبلوماسي قوله": the words after عن, up to four."""
        match = pat.FROM_RE.search(self.text, max(0, start - 60), start)
        return (match.group(1).strip(), None) if match else None

    def resolve(self, verb: re.Match[str], stop: int, sentence_start: int) -> Speaker | None:
        """The speaker of ``verb`` (the rule order is in the module docstring)."""
        kind = verb.lastgroup
        speaker: Speaker | None = None
        if kind == "part":
            earlier = [
                v for v in self.verbs_in(sentence_start, verb.start()) if v.lastgroup != "part"
            ]
            if earlier:
                speaker = self.resolve(earlier[-1], verb.start(), sentence_start)
        elif kind == "en":
            speaker = self.explicit(verb, stop)
            before = pat.CAPITALISED_BEFORE_RE.search(self.text, sentence_start, verb.start())
            if (
                speaker is None
                and before
                and before.group(1).split()[0] not in pat.subject_words("english_pronouns")
            ):
                speaker = before.group(1).strip(), None  # "Fouzi Lekjaa said"
        elif kind == "noun":
            speaker = self.preceding(verb.start()) or self._from_phrase(verb.start())
        else:
            speaker = self.explicit(verb, stop)
        return (
            speaker
            or self.preceding(verb.start())
            or self.shared_subject(verb, sentence_start)
            or self.sentence_subject(sentence_start, verb.start())
            or self.last_speaker
            or self.last_person(verb.start())
        )


def _subordinated(between: str) -> bool:
    """Whether the words between a name and a verb hold a subordinator (عندما، حين، وبينما)."""
    words = pat.subject_words("subordinators")
    return any(word in words or (word[:1] == "و" and word[1:] in words)
               for word in between.split())


_ALL_TYPES = frozenset({"person", "organization", "location", "media"})
MAX_NAME_WORDS = 4


def _a_name(state: _Article, start: int, end: int, words: int, after: int) -> bool:
    """A name in quotation marks, not speech: the marks hold exactly one entity's mention
    (حصول «موبايلي» على), or a few words that a relative pronoun or a complementizer follows,
    as a subject does (بحسب ما ذكرت "ذي دايلي مايل" التي رأت …)."""
    inner = state.text[start:end]
    first = start + len(inner) - len(inner.lstrip())
    last = end - (len(inner) - len(inner.rstrip()))
    if any((m.start, m.end) == (first, last) for m in state.in_range(first, last, _ALL_TYPES)):
        return True
    if words > MAX_NAME_WORDS:
        return False
    following = pat.SUBJECT_WORD_RE.match(state.text, after)
    return following is not None and following.group(1) in pat.subject_words("after_names")


def _adjunct(between: list[str]) -> bool:
    """True when the words between a verb and a name make the name a companion or an object."""
    if between and between[0] in pat.subject_words("leading_adjuncts"):
        return True
    return bool(pat.subject_words("adjuncts").intersection(between))


def _describes(between: list[str]) -> bool:
    """True when the words between a verb and an organisation describe an unnamed speaker the
    organisation qualifies ("مصدر أمني في", "مسؤول كبير من"): a role word that is not itself
    the name of a body, followed by a preposition."""
    if not between:
        return False
    first = normalize_arabic(between[0]).removeprefix("ال")
    roles = {normalize_arabic(word) for word in pat.roles()}
    if first not in roles or first in pat.body_heads():
        return False
    return bool(pat.subject_words("leading_adjuncts").intersection(between[1:]))


def _sentence_start(text: str, start: int, end: int) -> int:
    last = start
    for match in pat.SENTENCE_END_RE.finditer(text, start, end):
        last = match.end()
    return last


def _trailing_verb(state: _Article, inner: str, end: int, limit: int) -> re.Match[str] | None:
    """A speech verb right after a quotation ("“…,” Biden said"); up to three words between,
    or eight when a comma hands over to the attribution ("“…,” Saudi Energy Minister … told")."""
    text = state.text
    handover = inner.rstrip().endswith((",", "،")) or text[end : end + 2].lstrip()[:1] in ",،"
    words = 8 if handover else 3
    window_end = min(limit, end + 120)
    stop = pat.SENTENCE_END_RE.search(text, end, window_end)
    window_end = stop.start() if stop else window_end
    found = state.verbs_in(end, window_end)
    verb = found[0] if found else None
    if verb and len(text[end : verb.start()].split()) <= words:
        return verb
    return None


def find_quotes(text: str, entities: Sequence[Entity]) -> list[Quote]:
    """Quotations of reported speech in ``text`` (an ``article_text``), in text order."""
    if not any(mark in text for mark in pat.QUOTE_OPENERS):
        return []
    state = _Article(text, _mentions(entities))
    quotes: list[Quote] = []
    offset = 0
    for line in text.split("\n"):
        found = _paragraph_quotes(state, offset, offset + len(line))
        if not found:
            _remember_subject(state, offset, offset + len(line))
        quotes.extend(found)
        offset += len(line) + 1
    return quotes


def _remember_subject(state: _Article, start: int, end: int) -> None:
    """A paragraph without quotations can still name the next speaker ("كشف وزير … فيدان"):
    a person/organisation right after a verb, or a person at most a few words after it."""
    for verb in state.verbs_in(start, end):
        if verb.lastgroup not in ("say", "verb", "objverb"):
            continue
        window = min(end, verb.end() + SUBJECT_WINDOW)
        for m in state.in_range(verb.end(), window, _SPEAKER_TYPES):
            gap = len(state.text[verb.end() : m.start].split())
            if gap == 0 or (m.type == "person" and gap <= MAX_SUBJECT_WORDS):
                state.last_speaker = (m.name, m.id)
                break
        else:
            described = state.raw_subject(verb.end(), window, roles_only=True)
            if not described:
                continue
            people = state.in_range(verb.end(), window, frozenset({"person"}))
            if people and len(state.text[verb.end() : people[0].start].split()) <= (
                    MAX_RAW_SUBJECT_WORDS):  # "قال سفير روسيا لدى الولايات المتحدة أنتونوف"
                state.last_speaker = (people[0].name, people[0].id)
            else:  # an unnamed speaker described by a role word ("وتساءل الأهالي عن")
                state.last_speaker = described


def _paragraph_quotes(state: _Article, start: int, end: int) -> list[Quote]:
    text = state.text
    found: list[Quote] = []
    context_start = start  # after the last emitted quotation of this paragraph
    last_end: int | None = None
    previous: re.Match[str] | None = None  # the last quotation seen, emitted or not
    for match in pat.QUOTE_RE.finditer(text, start, end):
        listed = previous is not None and pat.LIST_JOIN_RE.fullmatch(
            text, previous.end(), match.start()
        )
        if listed and previous is not None and previous.end() != last_end:
            previous = match  # "لا للفساد" و"الشعب يريد …": a list shares its first item's fate
            continue
        previous = match
        inner_start, inner_end = match.start() + 1, match.end() - 1
        inner = text[inner_start:inner_end]
        words = len(inner.split())
        if (words == 0 or pat.title_re().search(text, context_start, match.start())
                or _a_name(state, inner_start, inner_end, words, match.end())):
            continue
        sentence = _sentence_start(text, context_start, match.start())
        _remember_subject(state, context_start, sentence)  # "وقال الأبنودي، إن …. وتابع "…""
        speech, speaker = _speaker(state, match, sentence, words, last_end, found, end)
        if not speech:
            continue
        lead = len(inner) - len(inner.lstrip())
        quote_start, quote_end = inner_start + lead, inner_end - (len(inner) - len(inner.rstrip()))
        name, ident = speaker if speaker else (None, None)
        found.append(Quote(text[quote_start:quote_end], name, ident, quote_start, quote_end))
        if speaker:
            state.last_speaker = speaker
        context_start = last_end = match.end()
    return found


def _speaker(
    state: _Article,
    match: re.Match[str],
    sentence: int,
    words: int,
    last_end: int | None,
    found: list[Quote],
    end: int,
) -> tuple[bool, Speaker | None]:
    """(is it speech, its speaker or None when unknown)."""
    text = state.text
    verbs = state.verbs_in(sentence, match.start())
    if verbs:
        verb = verbs[-1]
        gap = text[verb.end() : match.start()]
        short = words <= SHORT_QUOTE_WORDS
        if short and (
            len(gap.split()) > MAX_SHORT_GAP_WORDS or not pat.short_intro_re().search(gap)
        ):
            return _NOT_SPEECH
        if len(gap.split()) > MAX_GAP_WORDS:
            return _NOT_SPEECH
        return True, state.resolve(verb, match.start(), sentence)
    if last_end is not None and words >= 3 and (
        sentence == last_end or not text[last_end : match.start()].strip(" .…")
    ):  # "…”.. “…": the same speaker goes on
        previous = found[-1]
        return True, (previous.speaker, previous.speaker_id) if previous.speaker else None
    trailing = _trailing_verb(state, match.group(0)[1:-1], match.end(), end)
    if trailing is None or words < 3:
        return _NOT_SPEECH
    after = state.in_range(match.end(), trailing.end() + 40, _SPEAKER_TYPES)
    if after:  # a person first: "“…,” Emirates president Tim Clark told"
        chosen = next((m for m in after if m.type == "person"), after[0])
        return True, (chosen.name, chosen.id)
    before = pat.CAPITALISED_BEFORE_RE.search(text, match.end(), trailing.start())
    if before and before.group(1).split()[0] not in pat.subject_words("english_pronouns"):
        return True, (before.group(1).strip(), None)
    behind = pat.CAPITALISED_AFTER_RE.match(text, trailing.end())
    if behind:
        return True, (behind.group(1), None)
    raw = state.raw_subject(trailing.end(), end, roles_only=False)  # "، قال المدرب …"
    return True, raw or state.last_speaker
