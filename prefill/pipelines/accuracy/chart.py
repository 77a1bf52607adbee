"""The accuracy chart: F1 per field, one bar per parser version (grouped horizontal bars, so the field
names read without rotation), as hand-written SVG — no plotting library for one chart. A field a
version has no value for (nothing prefilled or submitted there) says "no data" instead of a bar.
`prefill accuracy --chart FILE.png` turns the SVG into PNG with `rsvg-convert` (librsvg) when it is
installed."""

from __future__ import annotations

import subprocess
from xml.sax.saxutils import escape

from prefill.pipelines.accuracy.schemas import AccuracyFilters, AccuracyQuery, AccuracyReport
from prefill.pipelines.accuracy.table import NO_DATA, group_title
from prefill.pipelines.scoring import field_sort_key

TITLE = "Prefill accuracy per field and parser version"
WIDTH = 960
"""Image width in pixels; the height follows the number of fields and versions."""
MARGIN = 24
"""Space around everything."""
LABEL_WIDTH = 190
"""Room for the field names left of the bars."""
VALUE_ROOM = 56
"""Room right of a full bar for its value."""
HEADER_HEIGHT = 64
"""Title and subtitle; the legend goes below."""
LEGEND_ROW = 22
BAR_HEIGHT = 14
BAND_GAP = 10
"""Space between two fields' bars."""
AXIS_HEIGHT = 52
"""Tick labels and the axis title under the bars."""
CHAR_WIDTH = 7.2
"""Estimated width of a 12 px character, to lay out the legend."""
FONT = "DejaVu Sans, Arial, sans-serif"
TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
"""Okabe-Ito colours (told apart with colour blindness too), one per version, repeated past eight."""
RSVG_CONVERT = "rsvg-convert"
"""librsvg's converter, for a PNG chart."""


def chart_query(filters: AccuracyFilters) -> AccuracyQuery:
    """The report a chart draws: the submissions `filters` selects, grouped by parser version."""
    return AccuracyQuery.model_validate({**filters.model_dump(), "by": ["parser_version"]})


def render_png(svg: str) -> bytes:
    """`svg` as PNG through `rsvg-convert`; FileNotFoundError when it is not installed."""
    converted = subprocess.run(
        [RSVG_CONVERT, "--format=png"], input=svg.encode(), capture_output=True, check=True, timeout=60
    )
    return converted.stdout


def _text(x: float, y: float, content: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"/>'


def _rect(x: float, y: float, width: float, height: float, colour: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{colour}"/>'


def _subtitle(report: AccuracyReport) -> str:
    applications = sum(group.applications for group in report.groups)
    values = {name: getattr(report.query, name) for name in AccuracyFilters.model_fields}
    chosen = [f"{name} {value}" for name, value in values.items() if value is not None]
    return (
        f"F1 of the prefilled values against the submitted ones; {applications} applications"
        f" ({', '.join(chosen) or 'all submissions'})"
    )


def _legend(report: AccuracyReport, top: float) -> tuple[list[str], float]:
    """The legend's elements, wrapped to the width, and the height it takes."""
    elements: list[str] = []
    x, y = MARGIN, top
    for index, group in enumerate(report.groups):
        noun = "application" if group.applications == 1 else "applications"
        label = f"{group_title(group).replace('_', ' ')} ({group.applications} {noun})"
        width = 18 + len(label) * CHAR_WIDTH + 24
        if x > MARGIN and x + width > WIDTH - MARGIN:
            x, y = MARGIN, y + LEGEND_ROW
        colour = PALETTE[index % len(PALETTE)]
        elements.append(_rect(x, y - 11, 12, 12, colour))
        elements.append(_text(x + 18, y, label))
        x += width
    return elements, y - top + LEGEND_ROW


def render_svg(report: AccuracyReport) -> str:
    """The chart of `report` (one series per group, normally one per parser version: `chart_query`)."""
    fields = sorted({field for group in report.groups for field in group.fields}, key=field_sort_key)
    header = [
        _text(MARGIN, MARGIN + 14, TITLE, font_size="18", font_weight="bold"),
        _text(MARGIN, MARGIN + 36, _subtitle(report), fill="#444444"),
    ]
    legend, legend_height = _legend(report, MARGIN + HEADER_HEIGHT)
    plot_top = MARGIN + HEADER_HEIGHT + legend_height
    plot_left = MARGIN + LABEL_WIDTH
    plot_width = WIDTH - plot_left - MARGIN - VALUE_ROOM
    band = len(report.groups) * BAR_HEIGHT + BAND_GAP
    plot_height = max(len(fields) * band, 2 * BAND_GAP)
    height = plot_top + plot_height + AXIS_HEIGHT + MARGIN
    body: list[str] = []
    for tick in TICKS:
        x = plot_left + tick * plot_width
        body.append(_line(x, plot_top, x, plot_top + plot_height, "#dddddd"))
        body.append(_text(x, plot_top + plot_height + 18, f"{tick:.1f}", text_anchor="middle"))
    for row, field in enumerate(fields):
        top = plot_top + row * band
        if row and field.split(".")[0] != fields[row - 1].split(".")[0]:  # a new section
            body.append(_line(MARGIN, top, WIDTH - MARGIN, top, "#999999"))
        middle = top + band / 2 + 4
        body.append(_text(plot_left - 8, middle, field, text_anchor="end"))
        for index, group in enumerate(report.groups):
            y = top + BAND_GAP / 2 + index * BAR_HEIGHT
            f1 = group.fields[field].f1 if field in group.fields else None
            if f1 is None:
                body.append(
                    _text(plot_left + 4, y + BAR_HEIGHT - 3, "no data", fill="#888888", font_size="10")
                )
                continue
            colour = PALETTE[index % len(PALETTE)]
            width = f1 * plot_width
            body.append(_rect(plot_left, y, width, BAR_HEIGHT - 2, colour))
            body.append(_text(plot_left + width + 4, y + BAR_HEIGHT - 3, f"{f1:.2f}", font_size="10"))
    if not fields:
        body.append(_text(plot_left + 8, plot_top + BAND_GAP, NO_DATA, fill="#444444"))
    body.append(_line(plot_left, plot_top, plot_left, plot_top + plot_height, "#333333"))
    body.append(
        _text(
            plot_left + plot_width / 2,
            plot_top + plot_height + 42,
            "F1 (harmonic mean of precision and recall; 1 = every value kept)",
            text_anchor="middle",
        )
    )
    x, y = MARGIN + 8, plot_top + plot_height / 2
    body.append(_text(x, y, "Field", text_anchor="middle", transform=f"rotate(-90 {x} {y:.1f})"))
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}"'
            f' viewBox="0 0 {WIDTH} {height:.0f}" font-family="{FONT}" font-size="12">',
            _rect(0, 0, WIDTH, height, "#ffffff"),
            *header,
            *legend,
            *body,
            "</svg>",
            "",
        ]
    )
