"""The seeded langdetect call, served by ``langdetect_rs`` when it imports, else by langdetect.

``langdetect_rs`` reproduces langdetect 1.0.9 bit for bit from a native core (proved for this
project by ``tests/unit/language/test_identity.py`` over every segment of the evaluation set);
plain langdetect is the fallback. Both are seeded with :data:`SEED` on every call and every call
builds a fresh detector, so a result never depends on what was detected before it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

SEED = 0
BACKENDS = ("langdetect_rs", "langdetect")

Probabilities = list[tuple[str, float]]
"""(langdetect code, probability), highest first, only those above langdetect's 0.1 floor."""


@dataclass(frozen=True, slots=True)
class Backend:
    """One detector library, seeded. ``name`` is the module: langdetect_rs or langdetect."""

    name: str
    module: ModuleType

    def probabilities(self, text: str) -> Probabilities:
        """All of langdetect's languages compete; an empty list when the text has no features."""
        self.module.DetectorFactory.seed = SEED  # re-asserted: another caller may have changed it
        try:
            found = self.module.detect_langs(text)
        except self.module.LangDetectException:
            return []
        return [(item.lang, item.prob) for item in found]

    def probabilities_many(self, texts: list[str]) -> list[Probabilities]:
        """:meth:`probabilities` of each text; langdetect_rs answers them in one native batch.

        The batch releases the GIL and spreads over the cores langdetect_rs is allowed
        (``RAYON_NUM_THREADS``); each text is still seeded on its own, so the results are those
        of one call per text (``tests/unit/language/test_identity.py``).
        """
        if not texts:
            return []
        if not hasattr(self.module, "detect_langs_batch"):
            return [self.probabilities(text) for text in texts]
        self.module.DetectorFactory.seed = SEED
        found = self.module.detect_langs_batch(texts)
        return [[] if items is None else [(i.lang, i.prob) for i in items] for items in found]

    def restricted(self, text: str, prior: dict[str, float]) -> Probabilities:
        """Only the languages of ``prior`` can win; their starting odds are the prior's."""
        detector = _factory(self.name).create()
        detector.set_prior_map(prior)
        detector.append(text)
        try:
            found = detector.get_probabilities()
        except self.module.LangDetectException:
            return []
        return [(item.lang, item.prob) for item in found]


@cache
def _factory(name: str) -> Any:
    """A private factory for prior-restricted calls, so the library's shared one stays untouched."""
    module = importlib.import_module(name)
    factory = module.DetectorFactory()
    factory.load_profile(module.detector_factory.PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


@cache
def backend(name: str) -> Backend:
    """The named library as a :class:`Backend`; raises ImportError when it is not installed."""
    if name not in BACKENDS:
        raise ValueError(f"unknown language backend {name!r}; expected one of {BACKENDS}")
    return Backend(name, importlib.import_module(name))


@cache
def default_backend() -> Backend:
    """``langdetect_rs`` when it imports (same results, much faster), else plain langdetect."""
    try:
        return backend("langdetect_rs")
    except ImportError:
        return backend("langdetect")
