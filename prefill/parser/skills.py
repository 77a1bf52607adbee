"""Skills: the items of a skills section, split on commas, bullets and pipes, labels dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from prefill.models.draft import Field, Snippet
from prefill.parser.document import Line, Span
from prefill.parser.text import clean, strip_bullet

MAX_SKILL_CHARS = 60
"""An item longer than this is a sentence, not a skill."""

MAX_LABEL_WORDS = 4
"""`Outils :`, `Programming languages:`: a row label is a few words before a colon."""

_ITEM_SEPARATORS = re.compile(r"\s*(?:[,;|•·▪●◦]|\t|\s[-–—]\s)\s*")
_LABEL = re.compile(r"^([^:：]{1,40})\s*[:：]\s+(?=\S)")


def split_label(text: str) -> tuple[str | None, str]:
    """(`Outils`, `Word, Excel`) from `Outils : Word, Excel`; (None, text) when there is no label."""
    match = _LABEL.match(text)
    if match and len(match.group(1).split()) <= MAX_LABEL_WORDS:
        return match.group(1).strip(), text[match.end() :]
    return None, text


def join_wrapped(lines: Iterable[Line]) -> list[Line]:
    """Lines of a skills row that wrapped: a line going on in lower case continues the previous one."""
    joined: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if joined and text[:1].islower() and not joined[-1].text.rstrip().endswith((".", ":")):
            previous = joined[-1]
            joined[-1] = replace(previous, spans=[*previous.spans, Span(" "), *line.spans])
        else:
            joined.append(line)
    return joined


def skill_items(line: Line) -> list[Field[str]]:
    text = clean(strip_bullet(line.text.replace("\t", " \t ")))
    _, rest = split_label(text)
    items = []
    for item in _ITEM_SEPARATORS.split(rest):
        item = item.strip().rstrip(".")
        if item and len(item) <= MAX_SKILL_CHARS and any(ch.isalpha() for ch in item):
            items.append(Field[str](value=item, confidence=0.8, source=Snippet(page=line.page, text=item)))
    return items
