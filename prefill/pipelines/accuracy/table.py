"""The prefill-accuracy report as fixed-width text (`prefill accuracy`): one block per group, laid out
like the gold-set table (`ScoreTable.format_table`) with kept/corrected/missed/spurious columns."""

from __future__ import annotations

from prefill.pipelines.accuracy.schemas import AccuracyGroup, AccuracyReport, FieldAccuracy
from prefill.pipelines.scoring import format_ratio, ruled_table

NO_DATA = "No submitted application started from an import matches these filters."
"""What the table says when no group has anything."""

COLUMNS = (("kept", 6), ("corrected", 9), ("missed", 6), ("spurious", 8))
"""Count columns and their widths."""


def group_title(group: AccuracyGroup) -> str:
    """`parser_version 0.1.0, kind docx` (`-` for a language not detected); `all` without dimensions."""
    return (
        ", ".join(f"{name} {'-' if value is None else value}" for name, value in group.key.items()) or "all"
    )


def _format_group(group: AccuracyGroup) -> str:
    def cells(a: FieldAccuracy) -> str:
        counts = " ".join(f"{getattr(a, column):>{size}}" for column, size in COLUMNS)
        ratios = " ".join(f"{format_ratio(r):>6}" for r in (a.precision, a.recall, a.f1))
        return f"{counts} {ratios}"

    counts_header = " ".join(f"{name:>{size}}" for name, size in COLUMNS)
    return ruled_table(
        f"{group_title(group)}: {group.applications} applications",
        f"{counts_header} {'P':>6} {'R':>6} {'F1':>6}",
        [
            [(name, cells(a)) for name, a in group.fields.items()],
            [(f"[{name}]", cells(a)) for name, a in group.sections.items()],
            [("overall", cells(group.overall))],
        ],
    )


def format_table(report: AccuracyReport) -> str:
    """Every group's block, blank-line separated; `NO_DATA` when there is none."""
    return "\n\n".join(_format_group(group) for group in report.groups) or NO_DATA
