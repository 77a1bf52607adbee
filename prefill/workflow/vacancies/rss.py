"""The RSS 2.0 feed of vacancies.

Titles and descriptions are escaped as HTML and then as XML: RSS readers commonly decode an item's text
and render it as HTML, so a `<script>` in a title must reach them as `&lt;script&gt;`."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from email.utils import format_datetime

from prefill import __version__
from prefill.instants import as_utc
from prefill.workflow.vacancies.models import Vacancy
from prefill.workflow.vacancies.service import country_name
from prefill.workflow.vacancies.zones import zone_named

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("atom", ATOM)

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry at all, even escaped."""

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
KIND_LABELS = {
    "en": {"staff": "Staff post", "internship": "Internship", "contractor": "Individual contractor"},
    "fr": {"staff": "Poste de fonctionnaire", "internship": "Stage", "contractor": "Consultant individuel"},
}
CLOSES_LABEL = {"en": "Closes", "fr": "Date limite"}
AT_WORD = {"en": "at", "fr": "à"}


def _text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def closing_text(vacancy: Vacancy) -> str:
    """`Closes 25 October 2026 at 23:59 CET (Europe/Zurich)`, in the vacancy's language."""
    language = vacancy.language if vacancy.language in MONTHS else "en"
    local = as_utc(vacancy.closes_at).astimezone(zone_named(vacancy.time_zone))
    day = f"{local.day} {MONTHS[language][local.month - 1]} {local.year}"
    return (
        f"{CLOSES_LABEL[language]} {day} {AT_WORD[language]} {local:%H:%M} {local.tzname()} "
        f"({vacancy.time_zone})"
    )


def _description(vacancy: Vacancy) -> str:
    language = vacancy.language if vacancy.language in KIND_LABELS else "en"
    what = vacancy.grade or KIND_LABELS[language][vacancy.kind]
    where = f"{vacancy.city}, {country_name(vacancy.country)}"
    return (
        f"<p>{_text(vacancy.reference)} · {_text(what)} · {_text(where)}</p>"
        f"<p>{_text(closing_text(vacancy))}</p>"
    )


def render_feed(
    vacancies: Iterable[Vacancy],
    *,
    title: str,
    description: str,
    link: str,
    self_link: str,
    item_link: dict[str, str],
    now: dt.datetime,
) -> bytes:
    """The feed document; `item_link` gives each vacancy's address by reference."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _element(rss, "channel")
    _element(channel, "title", _text(title))
    _element(channel, "link", link)
    _element(channel, "description", _text(description))
    _element(channel, f"{{{ATOM}}}link", href=self_link, rel="self", type="application/rss+xml")
    _element(channel, "lastBuildDate", format_datetime(as_utc(now), usegmt=True))
    _element(channel, "generator", f"Prefill {__version__}")
    for vacancy in vacancies:
        item = _element(channel, "item")
        _element(item, "title", _text(vacancy.title))
        _element(item, "link", item_link[vacancy.reference])
        _element(item, "guid", item_link[vacancy.reference], isPermaLink="true")
        _element(item, "pubDate", format_datetime(as_utc(vacancy.published_at), usegmt=True))
        _element(item, "category", _text(vacancy.grade or vacancy.kind))
        _element(item, "description", _description(vacancy))
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
