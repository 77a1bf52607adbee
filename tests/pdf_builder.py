"""Build small PDFs with reportlab for the PDF reader tests. Coordinates are from the page's top-left."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

UNICODE_FONT = "Vera"
"""A TrueType font shipped with reportlab: it has the `ﬁ` ligature glyph, which Helvetica lacks."""


@dataclass(frozen=True)
class Text:
    x: float
    baseline: float
    text: str
    font: str = "Helvetica"
    size: float = 10.0


@dataclass(frozen=True)
class Link:
    x0: float
    top: float
    x1: float
    bottom: float
    uri: str


@dataclass(frozen=True)
class Box:
    """A filled rectangle (stands in for a scanned image)."""

    x: float
    top: float
    width: float
    height: float


Item = Text | Link | Box


def build_pdf(
    pages: list[list[Item]], *, user_password: str | None = None, owner_password: str | None = None
) -> bytes:
    if UNICODE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(UNICODE_FONT, "Vera.ttf"))
    buffer = io.BytesIO()
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = StandardEncryption(user_password or "", ownerPassword=owner_password or user_password)
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=encrypt)
    height = A4[1]
    for items in pages:
        for item in items:
            if isinstance(item, Text):
                pdf.setFont(item.font, item.size)
                pdf.drawString(item.x, height - item.baseline, item.text)
            elif isinstance(item, Link):
                pdf.linkURL(item.uri, (item.x0, height - item.bottom, item.x1, height - item.top), relative=0)
            else:
                pdf.rect(item.x, height - item.top - item.height, item.width, item.height, stroke=0, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def lines(
    x: float, first_baseline: float, texts: list[str], *, leading: float = 14.0, font: str = "Helvetica"
) -> list[Text]:
    """Consecutive lines of text starting at `first_baseline`."""
    return [Text(x, first_baseline + i * leading, text, font) for i, text in enumerate(texts)]
