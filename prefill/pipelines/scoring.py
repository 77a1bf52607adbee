"""Accuracy scoring of a draft profile against a values-only truth file (`expected.json`).

Standard information-extraction counts per field path: a value present in both and equal after
normalisation is a true positive; a wrong value is one false positive and one false negative; a value
where the truth states nothing is a false positive (invented); a missing value is a false negative.
List sections are aligned entry to entry (order-preserving) before their keys are compared; a wrong
value is also counted as a substitution (`Counts.substituted`), which the prefill statistics report
as "corrected". Which fields are scored is a `Scope`: by default `corpus_scope`, the gold-set rules of
`prefill evaluate` and `bench/accuracy.py`; the accuracy of prefills in real use
(`prefill.pipelines.accuracy`) passes a fixed one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prefill.models.draft import DraftProfile

ALIGNMENT_THRESHOLD = 0.5
"""Least similarity (difflib ratio of normalised key values) for two list entries to be aligned."""

PERSONAL_KEYS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "country",
    "nationality",
    "date_of_birth",
)
"""Personal keys always scored: the corpus truth format knows them, so absent means "not stated"."""

OPTIONAL_PERSONAL_KEYS = ("street", "postal_code")
"""Personal keys scored only in documents whose truth has them (project fixtures, not the corpus)."""

LIST_KEYS: dict[str, tuple[str, ...]] = {
    "experience": ("employer", "title", "start", "end", "current"),
    "education": ("institution", "degree", "start", "end"),
    "languages": ("language", "level"),
    "certifications": ("name", "date"),
}
"""Keys scored in each list section."""

OPTIONAL_LIST_KEYS: dict[str, tuple[str, ...]] = {"experience": ("location",)}
"""List keys scored only in documents whose truth uses them in that section."""

OPTIONAL_SECTIONS = frozenset({"certifications"})
"""Sections scored only when the truth has them: the corpus format has no certifications slot."""

ALIGNMENT_KEYS: dict[str, tuple[str, ...]] = {
    "experience": ("employer", "title"),
    "education": ("institution", "degree"),
    "languages": ("language",),
    "certifications": ("name",),
}
"""Keys whose fuzzy similarity decides which entries are the same entry."""

GROUPS = ("personal", "experience", "education", "languages", "certifications", "skills")
"""Field groups reported with their own micro-F1, in report order."""

_LINKEDIN_LEVELS = {
    "native or bilingual": "native",
    "full professional": "c1",
    "professional working": "b2",
    "limited working": "b1",
    "elementary": "a2",
}
"""LinkedIn's proficiency labels mapped to CEFR (DESIGN §3); matched with or without "proficiency"."""

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SURROUNDING_PUNCTUATION = " ,.;:"
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?")


# ---------------------------------------------------------------------------- normalisation


def normalise_text(value: object) -> str:
    """The comparison form of a string value: NFKC, one space per whitespace run, casefolded."""
    text = unicodedata.normalize("NFKC", str(value)).translate(_APOSTROPHES)
    text = " ".join(text.split())  # NFKC already turned NBSP into a plain space
    return text.casefold().strip(_SURROUNDING_PUNCTUATION)


def normalise_phone(value: object) -> str:
    """Digits only, keeping a leading `+`: formatting differences are not errors."""
    text = str(value).strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    return f"+{digits}" if text.startswith("+") else digits


def normalise_level(value: object) -> str:
    """A language level with LinkedIn's labels mapped to CEFR codes."""
    text = normalise_text(value)
    text = text.removesuffix(" proficiency").strip(" ()")
    return _LINKEDIN_LEVELS.get(text, text)


def normalise_url(value: object) -> str:
    """A link without scheme, `www.` or trailing slash."""
    return _URL_PREFIX.sub("", normalise_text(value)).rstrip("/")


_NORMALISERS: dict[str, Callable[[object], str]] = {
    "personal.phone": normalise_phone,
    "personal.links": normalise_url,
    "languages.level": normalise_level,
}


def normalise(path: str, value: object) -> str:
    """The comparison form of `value` at field path `path` (e.g. `personal.phone`)."""
    return _NORMALISERS.get(path, normalise_text)(value)


def _present(value: object) -> bool:
    return value is not None and value != "" and value != []


# ---------------------------------------------------------------------------- draft -> values


def _unwrap(field_obj: Any) -> Any:
    """The value of a dumped `Field` (`{"value", "confidence", "source"}`), or None."""
    return field_obj["value"] if isinstance(field_obj, Mapping) else field_obj


def _entry_values(entry: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    values = {key: _unwrap(entry.get(key)) for key in keys}
    return {key: value for key, value in values.items() if _present(value)}


def draft_to_values(draft: DraftProfile | Mapping[str, Any]) -> dict[str, Any]:
    """The values-only form of a draft, shaped like `expected.json`; absent values are left out.

    Accepts a `DraftProfile` or its JSON form (the output of `prefill parse`).
    """
    data = draft.model_dump(mode="json") if isinstance(draft, DraftProfile) else draft
    personal_in = data.get("personal") or {}
    address = _unwrap(personal_in.get("address")) or {}
    personal = _entry_values(personal_in, ("first_name", "last_name", "email", "phone"))
    personal |= _entry_values(address, ("street", "postal_code", "city", "country"))
    personal |= _entry_values(personal_in, ("nationality", "date_of_birth"))
    links = [_unwrap(link) for link in personal_in.get("links") or []]
    if links:
        personal["links"] = links

    values: dict[str, Any] = {"personal": personal}
    for section, keys in LIST_KEYS.items():
        entry_keys = tuple(k for k in keys + OPTIONAL_LIST_KEYS.get(section, ()) if k != "current")
        entries = []
        for entry_in in data.get(section) or []:
            entry = _entry_values(entry_in, entry_keys)
            if entry_in.get("current"):  # only ongoing jobs carry `current`, as in the truth files
                entry["current"] = True
            if entry:
                entries.append(entry)
        if entries:
            values[section] = entries
    skills = [_unwrap(skill) for skill in data.get("skills") or []]
    if skills:
        values["skills"] = skills
    return values


# ---------------------------------------------------------------------------- counts


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field or group."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    substituted: int = 0
    """Slots where both sides hold a value and they differ: each is one of the FPs and one of the FNs."""

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.substituted + other.substituted
        )

    @property
    def support(self) -> int:
        """Number of values the truth states."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of P and R; None when there is nothing to score (no truth, no output)."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class FieldError:
    """One scoring error: `expected` None means invented, `actual` None means missed."""

    path: str
    expected: Any
    actual: Any


def _sum_counts(counts: Iterable[Counts]) -> Counts:
    return sum(counts, Counts())


def _group_of(path: str) -> str:
    return path.split(".", 1)[0]


_FIELD_ORDER = [
    *(f"personal.{key}" for key in (*PERSONAL_KEYS, *OPTIONAL_PERSONAL_KEYS, "links")),
    *(
        f"{section}.{key}"
        for section, keys in LIST_KEYS.items()
        for key in (*keys, *OPTIONAL_LIST_KEYS.get(section, ()))
    ),
    "skills",
]


def field_sort_key(path: str) -> tuple[int, int]:
    """Report order: by group, then in the order of the truth format."""
    return GROUPS.index(_group_of(path)), _FIELD_ORDER.index(path)


def group_counts(fields: Mapping[str, Counts]) -> dict[str, Counts]:
    """Micro-averaged counts (summed over fields) of every group that was scored, in report order."""
    present = {_group_of(path) for path in fields}
    return {
        name: _sum_counts(c for path, c in fields.items() if _group_of(path) == name)
        for name in GROUPS
        if name in present
    }


@dataclass
class DocumentScore:
    """Per-field counts of one document, and the errors behind them."""

    fields: dict[str, Counts] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    def register(self, path: str) -> Counts:
        """The counts of `path`, created empty so a scored field shows even with nothing in it."""
        return self.fields.setdefault(path, Counts())

    def compare(self, path: str, expected: object, actual: object, *, where: str | None = None) -> None:
        """Count one value slot; `where` (e.g. `experience[2].title`) names it in the error list."""
        counts = self.register(path)
        has_expected, has_actual = _present(expected), _present(actual)
        if has_expected and has_actual and normalise(path, expected) == normalise(path, actual):
            counts.tp += 1
            return
        counts.fp += has_actual
        counts.fn += has_expected
        counts.substituted += has_expected and has_actual
        if has_expected or has_actual:
            self.errors.append(
                FieldError(where or path, expected if has_expected else None, actual if has_actual else None)
            )

    def compare_multiset(self, path: str, expected: Sequence[object], actual: Sequence[object]) -> None:
        """Count a list of plain values as a multiset: TP is the size of the intersection (an unmatched
        value is missed or invented, never a substitution: nothing pairs it with another)."""
        counts = self.register(path)
        expected_bag = Counter(normalise(path, v) for v in expected if _present(v))
        actual_bag = Counter(normalise(path, v) for v in actual if _present(v))
        counts.tp += sum((expected_bag & actual_bag).values())
        missed, invented = expected_bag - actual_bag, actual_bag - expected_bag
        counts.fn += sum(missed.values())
        counts.fp += sum(invented.values())
        self.errors += [FieldError(path, value, None) for value in missed.elements()]
        self.errors += [FieldError(path, None, value) for value in invented.elements()]

    def groups(self) -> dict[str, Counts]:
        return group_counts(self.fields)

    @property
    def overall(self) -> Counts:
        return _sum_counts(self.fields.values())


# ---------------------------------------------------------------------------- alignment


def _similarity(section: str, expected: Mapping[str, Any], actual: Mapping[str, Any]) -> float:
    """Mean difflib ratio over the alignment keys both entries have (0 when they share none)."""
    ratios = [
        difflib.SequenceMatcher(None, normalise_text(expected[key]), normalise_text(actual[key])).ratio()
        for key in ALIGNMENT_KEYS[section]
        if _present(expected.get(key)) and _present(actual.get(key))
    ]
    return sum(ratios) / len(ratios) if ratios else 0.0


def align(
    section: str, expected: Sequence[Mapping[str, Any]], actual: Sequence[Mapping[str, Any]]
) -> list[tuple[int | None, int | None]]:
    """Order-preserving alignment maximising total similarity (sequence alignment, no gap cost).

    Returns pairs `(i, j)` in order; `(i, None)` is an unmatched truth entry, `(None, j)` an
    unmatched output entry. Pairs below `ALIGNMENT_THRESHOLD` are never aligned.
    """
    n, m = len(expected), len(actual)
    sim = [[_similarity(section, e, a) for a in actual] for e in expected]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            s = sim[i - 1][j - 1]
            diagonal = best[i - 1][j - 1] + s if s >= ALIGNMENT_THRESHOLD else -1.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], diagonal)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        s = sim[i - 1][j - 1] if i and j else 0.0
        if i and j and s >= ALIGNMENT_THRESHOLD and best[i][j] == best[i - 1][j - 1] + s:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and (not j or best[i][j] == best[i - 1][j]):
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


# ---------------------------------------------------------------------------- document scoring


@dataclass(frozen=True)
class Scope:
    """The fields a document is scored on; each is scored whatever the truth holds."""

    personal: tuple[str, ...]
    """Personal keys compared one value to one value."""
    sections: Mapping[str, tuple[str, ...]]
    """List sections (aligned entry to entry) and the keys compared in each."""
    multisets: tuple[str, ...] = ()
    """Lists of plain values compared as multisets: `personal.links`, `skills`."""


def _uses_key(entries: Iterable[Mapping[str, Any]], key: str) -> bool:
    return any(key in entry for entry in entries)


def corpus_scope(expected: Mapping[str, Any]) -> Scope:
    """The gold-set rules: the optional keys and sections only where this truth file has them."""
    e_personal = expected.get("personal") or {}
    sections = {
        section: keys
        + tuple(k for k in OPTIONAL_LIST_KEYS.get(section, ()) if _uses_key(expected.get(section) or [], k))
        for section, keys in LIST_KEYS.items()
        if section not in OPTIONAL_SECTIONS or section in expected
    }
    return Scope(
        personal=PERSONAL_KEYS + tuple(k for k in OPTIONAL_PERSONAL_KEYS if k in e_personal),
        sections=sections,
        multisets=(*(("personal.links",) if "links" in e_personal else ()), "skills"),
    )


def _score_section(
    score: DocumentScore,
    section: str,
    keys: tuple[str, ...],
    expected: Sequence[Mapping[str, Any]],
    actual: Sequence[Mapping[str, Any]],
) -> None:
    for key in keys:
        score.register(f"{section}.{key}")
    empty: Mapping[str, Any] = {}
    for i, j in align(section, expected, actual):
        e = expected[i] if i is not None else empty
        a = actual[j] if j is not None else empty
        index = i if i is not None else f"+{j}"  # `+j`: an output entry with no truth counterpart
        for key in keys:
            e_value, a_value = e.get(key), a.get(key)
            if key == "current":  # a flag: only `true` is a statement
                e_value, a_value = e_value is True or None, a_value is True or None
            score.compare(f"{section}.{key}", e_value, a_value, where=f"{section}[{index}].{key}")


def _list_at(values: Mapping[str, Any], path: str) -> Sequence[object]:
    """The list at a dotted path (`personal.links`), empty when absent."""
    node: Any = values
    for part in path.split("."):
        node = (node or {}).get(part)
    return node or []


def score_document(
    expected: Mapping[str, Any], actual: Mapping[str, Any], *, scope: Scope | None = None
) -> DocumentScore:
    """Score a values-only output (`draft_to_values`) against a values-only truth file, on `scope`
    (by default `corpus_scope(expected)`); groups in report order, so the errors list reads that way."""
    scope = scope or corpus_scope(expected)
    score = DocumentScore()
    e_personal, a_personal = expected.get("personal") or {}, actual.get("personal") or {}
    for group in GROUPS:
        if group == "personal":
            for key in scope.personal:
                score.compare(f"personal.{key}", e_personal.get(key), a_personal.get(key))
        elif group in scope.sections:
            keys = scope.sections[group]
            _score_section(score, group, keys, expected.get(group) or [], actual.get(group) or [])
        for path in scope.multisets:
            if _group_of(path) == group:
                score.compare_multiset(path, _list_at(expected, path), _list_at(actual, path))
    return score


# ---------------------------------------------------------------------------- aggregate


def format_ratio(value: float | None) -> str:
    """A precision, recall or F1 as the tables show it: three decimals, `-` when undefined."""
    return "-" if value is None else f"{value:.3f}"


@dataclass
class ScoreTable:
    """Counts summed over documents: per field, per group (micro-F1) and overall."""

    fields: dict[str, Counts] = field(default_factory=dict)
    documents: int = 0

    @classmethod
    def of(cls, scores: Iterable[DocumentScore]) -> ScoreTable:
        table = cls()
        for score in scores:
            table.add(score)
        return table

    def add(self, score: DocumentScore) -> None:
        self.documents += 1
        for path, counts in score.fields.items():
            self.fields[path] = self.fields.get(path, Counts()) + counts

    def groups(self) -> dict[str, Counts]:
        return group_counts(self.fields)

    @property
    def overall(self) -> Counts:
        return _sum_counts(self.fields.values())

    def _sorted_fields(self) -> dict[str, Counts]:
        return {path: self.fields[path] for path in sorted(self.fields, key=field_sort_key)}

    def format_table(self) -> str:
        """Fixed-width text: one row per field, then the group rows, then overall."""

        def cells(c: Counts) -> str:
            ratios = " ".join(f"{format_ratio(r):>6}" for r in (c.precision, c.recall, c.f1))
            return f"{ratios} {c.support:>8} {c.tp:>5} {c.fp:>5} {c.fn:>5}"

        return ruled_table(
            f"{self.documents} documents",
            f"{'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'TP':>5} {'FP':>5} {'FN':>5}",
            [
                [(name, cells(c)) for name, c in self._sorted_fields().items()],
                [(f"[{name}]", cells(c)) for name, c in self.groups().items()],
                [("overall", cells(self.overall))],
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {path: counts.to_dict() for path, counts in self._sorted_fields().items()},
            "groups": {name: counts.to_dict() for name, counts in self.groups().items()},
            "overall": self.overall.to_dict(),
        }


def ruled_table(title: str, header: str, blocks: Sequence[Sequence[tuple[str, str]]]) -> str:
    """`title`, a header line, then each block of `(name, cells)` rows under a rule; names in one column."""
    width = max(len(name) for block in blocks for name, _ in block)
    head = f"{'field':<{width}}  {header}"
    lines = [title, head]
    for block in blocks:
        lines += ["-" * len(head), *(f"{name:<{width}}  {row}" for name, row in block)]
    return "\n".join(lines)
