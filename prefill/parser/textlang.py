"""Which language a CV is written in, from its function words (cheap and deterministic)."""

from __future__ import annotations

import re
from collections import Counter

from prefill.parser.text import fold

MIN_EVIDENCE = 5
"""Fewer function-word hits than this and the language is reported as unknown."""

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in for with on at from by as an is are was were my our this that "
        "which have has be will years year present".split()
    ),
    "fr": frozenset(
        "le la les des du de et en au aux pour avec dans sur par une un est sont "
        "d l qu ans annees aujourd'hui depuis chez nationalite francais anglais".split()
    ),
    "es": frozenset(
        "el la los las del de y en con para por una un es son al como sus ano anos "
        "actualidad desde espanol ingles experiencia".split()
    ),
    "de": frozenset("der die das und mit von zu im fur auf ist sind ein eine bei als seit jahre".split()),
    "it": frozenset("il lo la gli le di e con per nel della delle degli un una sono anni presso".split()),
    "pt": frozenset("o a os as do da dos das e com para em um uma sao anos atual no na".split()),
}
_TOKEN = re.compile(r"[a-z']+")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the dominant language, or None when the evidence is too thin."""
    counts: Counter[str] = Counter()
    for token in _TOKEN.findall(fold(text)):
        for language, vocabulary in _FUNCTION_WORDS.items():
            if token in vocabulary:
                counts[language] += 1
    if not counts:
        return None
    language, hits = counts.most_common(1)[0]
    return language if hits >= MIN_EVIDENCE else None
