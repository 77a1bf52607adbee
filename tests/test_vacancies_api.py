"""`/v1/vacancies` over HTTP on each database: filters, paging, detail, viewer time zones, the RSS feed,
and the demo openings (`prefill seed-demo`)."""

from __future__ import annotations

import datetime as dt
import html
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from prefill.db import alembic_config, engine_for, session_scope, upgrade
from prefill.workflow.vacancies.demo import OPENINGS, seed_demo, seed_demo_if_empty
from prefill.workflow.vacancies.models import Vacancy
from prefill.workflow.vacancies.schemas import VacancyCreate
from prefill.workflow.vacancies.service import create_vacancy
from prefill.workflow.vacancies.zones import local_instant, zone_named

pytest.register_assert_rewrite("workflow_harness", "service_harness")  # before their first import

from service_harness import DATABASE_KINDS, open_database  # noqa: E402
from workflow_harness import Workflow  # noqa: E402

pytest_plugins = ["workflow_harness"]

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.timedelta(days=1)


def add_vacancies(workflow: Workflow, *vacancies: dict) -> None:
    with session_scope(workflow.settings.database_url) as session:
        for fields in vacancies:
            create_vacancy(session, data=VacancyCreate.model_validate(fields))


def vacancy(
    reference: str, *, now: dt.datetime, published: float = -10, closes: float = 5, **changes
) -> dict:
    """A staff P-3 post in Geneva, published and closing `published` / `closes` days from `now`."""
    fields = {
        "reference": reference,
        "kind": "staff",
        "grade": "P-3",
        "title": f"Officer {reference}",
        "language": "en",
        "city": "Geneva",
        "country": "CH",
        "time_zone": "Europe/Zurich",
        "contract_type": "fixed_term",
        "duration_months": 24,
        "published_at": now + published * DAY,
        "closes_at": now + closes * DAY,
        "languages": [{"language": "en", "level": "C1", "requirement": "required"}],
        "description": "The officer runs the programme.",
        "questionnaire": [
            {
                "id": "degree",
                "type": "yes_no",
                "text": {"en": "Do you hold a Master's degree?", "fr": "Avez-vous un master ?"},
                "options": [{"id": "yes"}, {"id": "no", "outcome": "disqualify"}],
            }
        ],
    }
    return fields | changes


def internship(reference: str, **changes) -> dict:
    return {
        "kind": "internship",
        "grade": None,
        "contract_type": "internship",
        "duration_months": 6,
        **changes,
    }


def contractor(reference: str, **changes) -> dict:
    return {"kind": "contractor", "grade": None, "contract_type": "individual_contract", **changes}


@pytest.fixture
def openings(workflow: Workflow) -> Workflow:
    """Seven vacancies: five open (closing in 1 to 20 days), one closed, one not yet published."""
    now = dt.datetime.now(dt.UTC)
    add_vacancies(
        workflow,
        vacancy("VA/T/A", now=now, closes=5, published=-10),
        vacancy("AV/T/B", now=now, closes=1, published=-9, grade="G-5", language="fr"),
        vacancy("AV/T/C", now=now, closes=20, published=-8, grade="NO-B", city="Dakar", country="SN",
                time_zone="Africa/Dakar", language="fr"),
        vacancy("VA/T/D", now=now, closes=10, published=-7, city="New York", country="US",
                time_zone="America/New_York", **internship("VA/T/D")),
        vacancy("VA/T/E", now=now, closes=3, published=-6, city="Bangkok", country="TH",
                time_zone="Asia/Bangkok", **contractor("VA/T/E")),
        vacancy("VA/T/F", now=now, closes=-1, published=-30, city="Santiago", country="CL",
                time_zone="America/Santiago"),
        vacancy("VA/T/G", now=now, closes=30, published=2, grade="D-1", city="Nairobi", country="KE",
                time_zone="Africa/Nairobi"),
    )  # fmt: skip
    return workflow


def references(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["reference"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["AV/T/B", "VA/T/E", "VA/T/A", "VA/T/D", "AV/T/C"]),
        ({"open_only": "false"}, ["VA/T/F", "AV/T/B", "VA/T/E", "VA/T/A", "VA/T/D", "AV/T/C"]),
        ({"kind": "staff"}, ["AV/T/B", "VA/T/A", "AV/T/C"]),
        ({"kind": ["internship", "contractor"]}, ["VA/T/E", "VA/T/D"]),
        ({"grade": "P-3"}, ["VA/T/A"]),
        ({"grade": "p3", "open_only": "false"}, ["VA/T/F", "VA/T/A"]),
        ({"grade": ["G-5", "NO-B"]}, ["AV/T/B", "AV/T/C"]),
        ({"category": "NO"}, ["AV/T/C"]),
        ({"category": "g"}, ["AV/T/B"]),
        ({"duty_station": "geneva"}, ["AV/T/B", "VA/T/A"]),
        ({"duty_station": "New York"}, ["VA/T/D"]),
        ({"country": "sn"}, ["AV/T/C"]),
        ({"country": ["TH", "US"]}, ["VA/T/E", "VA/T/D"]),
        ({"language": "fr"}, ["AV/T/B", "AV/T/C"]),
        ({"kind": "staff", "language": "en"}, ["VA/T/A"]),
        ({"grade": "D-1"}, []),  # not published yet
        ({"sort": "newest"}, ["VA/T/E", "VA/T/D", "AV/T/C", "AV/T/B", "VA/T/A"]),
    ],
)
def test_the_list_filters_and_shows_only_published_open_vacancies_by_default(openings, query, expected):
    response = openings.client().get("/v1/vacancies", params=query)

    assert references(response) == expected
    assert response.json()["total"] == len(expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"grade": "P-6"}, "grade"),
        ({"kind": "volunteer"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"category": "Q"}, "category"),
        ({"per_page": "101"}, "per_page"),
        ({"page": "0"}, "page"),
        ({"sort": "title"}, "sort"),
    ],
)
def test_an_impossible_filter_or_page_is_a_422(openings, query, field):
    response = openings.client().get("/v1/vacancies", params=query)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert field in response.json()["error"]["message"]


def test_the_open_flag_follows_the_server_clock(openings):
    items = openings.client().get("/v1/vacancies", params={"open_only": "false"}).json()["items"]

    assert {item["reference"]: item["open"] for item in items} == {
        "VA/T/F": False, "AV/T/B": True, "VA/T/E": True, "VA/T/A": True, "VA/T/D": True, "AV/T/C": True,
    }  # fmt: skip


def test_pages_count_every_match_and_link_to_their_neighbours(workflow):
    now = dt.datetime.now(dt.UTC)
    add_vacancies(workflow, *(vacancy(f"VA/P/{n:03}", now=now, closes=1 + n) for n in range(25)))
    client = workflow.client()

    pages = [
        client.get("/v1/vacancies", params={"per_page": 10, "page": page, "kind": "staff"})
        for page in (1, 2, 3)
    ]
    bodies = [page.json() for page in pages]

    assert [body["total"] for body in bodies] == [25, 25, 25]
    assert [len(body["items"]) for body in bodies] == [10, 10, 5]
    assert sum((references(page) for page in pages), []) == [f"VA/P/{n:03}" for n in range(25)]
    first, _, last = (body["links"] for body in bodies)
    assert first["prev"] is None and last["next"] is None
    assert client.get(first["next"]).json() == bodies[1]  # a link keeps the filters and the page size
    assert client.get(last["prev"]).json() == bodies[1]
    assert "kind=staff" in first["next"] and "per_page=10" in first["next"]

    beyond = client.get("/v1/vacancies", params={"per_page": 10, "page": 7, "kind": "staff"}).json()
    assert beyond["items"] == [] and beyond["total"] == 25
    assert client.get(beyond["links"]["prev"]).json() == bodies[2]  # back to the last page


def test_the_detail_has_the_questionnaire_and_the_deadline_in_utc_and_the_duty_station_zone(openings):
    response = openings.client().get("/v1/vacancies/VA/T/A")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["reference"] == "VA/T/A"
    assert body["open"] is True
    assert body["description"] == "The officer runs the programme."
    assert body["questionnaire"][0]["id"] == "degree"
    assert body["questionnaire"][0]["options"][1] == {
        "id": "no", "text": None, "outcome": "disqualify", "explanation_required": False,
    }  # fmt: skip
    closes = body["closes"]
    instant = dt.datetime.fromisoformat(closes["utc"])
    local = dt.datetime.fromisoformat(closes["duty_station"]["time"])
    assert (
        local == instant and local.utcoffset() == instant.astimezone(zone_named("Europe/Zurich")).utcoffset()
    )
    assert closes["duty_station"]["zone"] == "Europe/Zurich"
    assert closes["viewer"] is None
    assert body["duty_station"] == {
        "city": "Geneva", "country": "CH", "country_name": "Switzerland", "time_zone": "Europe/Zurich",
    }  # fmt: skip


def test_a_closed_vacancy_keeps_its_detail_but_is_not_open(openings):
    body = openings.client().get("/v1/vacancies/VA/T/F").json()
    assert body["open"] is False


def test_a_reference_may_come_with_encoded_slashes_and_in_any_case(openings):
    client = openings.client()
    assert client.get("/v1/vacancies/VA%2FT%2FA").json()["reference"] == "VA/T/A"
    assert client.get("/v1/vacancies/va/t/a").json()["reference"] == "VA/T/A"


@pytest.mark.parametrize("reference", ["VA/T/NONE", "VA/T/G", "nothing"])
def test_an_unknown_or_unpublished_reference_is_a_404(openings, reference):
    response = openings.client().get(f"/v1/vacancies/{reference}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def _european_dst_end_after(now: dt.datetime) -> dt.date:
    """The last Sunday of October of next year: always ahead of the server clock."""
    last = dt.date(now.year + 1, 10, 31)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def test_a_deadline_on_the_night_dst_ends_is_shown_right_to_a_viewer_in_auckland(workflow):
    now = dt.datetime.now(dt.UTC)
    day = _european_dst_end_after(now)
    closes_at = local_instant(dt.datetime.combine(day, dt.time(23, 59)), zone_named("Europe/Zurich"))
    add_vacancies(workflow, vacancy("VA/DST/1", now=now) | {"closes_at": closes_at})
    client = workflow.client()

    by_parameter = client.get("/v1/vacancies/VA/DST/1", params={"tz": "Pacific/Auckland"}).json()["closes"]
    by_header = client.get("/v1/vacancies/VA/DST/1", headers={"X-Time-Zone": "Pacific/Auckland"}).json()[
        "closes"
    ]

    assert by_parameter == by_header
    assert by_parameter["utc"] == f"{day.isoformat()}T22:59:00Z"  # CET is UTC+1 once DST has ended
    assert by_parameter["duty_station"] == {
        "time": f"{day.isoformat()}T23:59:00+01:00", "zone": "Europe/Zurich", "abbreviation": "CET",
    }  # fmt: skip
    assert by_parameter["viewer"] == {
        "time": f"{(day + DAY).isoformat()}T11:59:00+13:00",
        "zone": "Pacific/Auckland",
        "abbreviation": "NZDT",
    }
    listed = client.get("/v1/vacancies", headers={"X-Time-Zone": "Pacific/Auckland"}).json()["items"][0]
    assert listed["closes"] == by_parameter


def test_the_tz_parameter_wins_over_the_header(openings):
    closes = (
        openings.client()
        .get("/v1/vacancies/VA/T/A", params={"tz": "Asia/Tokyo"}, headers={"X-Time-Zone": "America/Santiago"})
        .json()["closes"]
    )
    assert closes["viewer"]["zone"] == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("path", "request_options"),
    [
        ("/v1/vacancies", {"params": {"tz": "Mars/Olympus"}}),
        ("/v1/vacancies", {"headers": {"X-Time-Zone": "CET+1"}}),
        ("/v1/vacancies/VA/T/A", {"params": {"tz": "../../etc/passwd"}}),
        ("/v1/vacancies/VA/T/A", {"headers": {"X-Time-Zone": "europe/zurich"}}),
    ],
)
def test_an_unknown_viewer_zone_is_a_422(openings, path, request_options):
    response = openings.client().get(path, **request_options)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_time_zone"


# -- the RSS feed ---------------------------------------------------------------------------------


def feed(workflow: Workflow, **params) -> ET.Element:
    response = workflow.client().get("/v1/vacancies/feed.rss", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root


def test_the_feed_is_rss_2_with_every_required_element(openings):
    channel = feed(openings, kind="staff").find("channel")

    assert channel is not None
    assert channel.findtext("title") == "Vacancies: staff"
    assert channel.findtext("link").endswith("/v1/vacancies?kind=staff")
    assert channel.findtext("description")
    parsedate_to_datetime(channel.findtext("lastBuildDate"))
    items = channel.findall("item")
    assert [item.findtext("guid").rsplit("/v1/vacancies/", 1)[1] for item in items] == [
        "AV/T/C",
        "AV/T/B",
        "VA/T/A",
    ]  # newest first; fmt: skip
    with session_scope(openings.settings.database_url) as session:
        published = dict(session.execute(select(Vacancy.reference, Vacancy.published_at)).all())
    for item in items:
        reference = item.findtext("link").rsplit("/v1/vacancies/", 1)[1]
        assert item.findtext("title") == f"Officer {reference}"
        assert item.find("guid").get("isPermaLink") == "true"
        assert item.findtext("link") == item.findtext("guid")
        pub_date = parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822
        assert item.findtext("pubDate").endswith(" GMT")
        assert pub_date == published[reference].replace(tzinfo=dt.UTC, microsecond=0)
        assert openings.client().get(item.findtext("link")).status_code == 200


def test_a_feed_item_gives_the_closing_date_in_the_duty_station_zone_and_language(workflow):
    now = dt.datetime.now(dt.UTC)
    day = _european_dst_end_after(now)
    closes_at = local_instant(dt.datetime.combine(day, dt.time(23, 59)), zone_named("Europe/Zurich"))
    add_vacancies(
        workflow,
        vacancy("VA/DST/EN", now=now) | {"closes_at": closes_at},
        vacancy("AV/DST/FR", now=now, language="fr") | {"closes_at": closes_at},
    )

    items = feed(workflow).iter("item")

    descriptions = {item.findtext("guid")[-2:]: item.findtext("description") for item in items}
    assert f"Closes {day.day} October {day.year} at 23:59 CET (Europe/Zurich)" in descriptions["EN"]
    assert f"Date limite {day.day} octobre {day.year} à 23:59 CET (Europe/Zurich)" in descriptions["FR"]


def test_the_feed_escapes_markup_in_titles_and_places(workflow):
    now = dt.datetime.now(dt.UTC)
    title = '<script>alert("x")</script> Finance & <b>Budget</b> Officer\x0b'
    add_vacancies(workflow, vacancy("VA/XSS/1", now=now, title=title, city="Gen<img src=x onerror=alert(1)>"))

    response = workflow.client().get("/v1/vacancies/feed.rss")
    item = ET.fromstring(response.content).find("channel/item")

    for markup in (b"<script", b"<b>", b"<img"):
        assert markup not in response.content
    # Once for XML, once more for readers that render the text as HTML.
    assert html.unescape(item.findtext("title")) == title.rstrip("\x0b")
    description = item.findtext("description")
    assert "<img" not in description and "&lt;img src=x onerror=alert(1)&gt;" in description


def test_the_feed_links_use_the_public_base_url_when_set(openings):
    openings.settings.public_base_url = "https://jobs.example.org/"

    channel = feed(openings, kind="internship").find("channel")

    assert channel.findtext("link") == "https://jobs.example.org/v1/vacancies?kind=internship"
    assert [item.findtext("link") for item in channel.iter("item")] == [
        "https://jobs.example.org/v1/vacancies/VA/T/D"
    ]


# -- demo openings and migration ------------------------------------------------------------------


def test_seeding_the_demo_twice_keeps_one_copy_of_each_opening(workflow):
    now = dt.datetime.now(dt.UTC)
    url = workflow.settings.database_url
    with session_scope(url) as session:
        assert seed_demo(session, now=now) == len(OPENINGS)
    with session_scope(url) as session:
        assert seed_demo(session, now=now + DAY) == 0
        assert session.scalar(select(func.count()).select_from(Vacancy)) == len(OPENINGS)

    client = workflow.client()
    every = client.get("/v1/vacancies", params={"open_only": "false", "per_page": 100}).json()
    open_now = client.get("/v1/vacancies", params={"per_page": 100}).json()
    assert every["total"] == len(OPENINGS) >= 10
    assert every["total"] - open_now["total"] >= 2  # some demo openings are closed
    assert {item["language"] for item in open_now["items"]} == {"en", "fr"}
    detail = client.get(f"/v1/vacancies/{open_now['items'][0]['reference']}").json()
    assert detail["questionnaire"]


def test_first_start_seeding_leaves_a_database_with_vacancies_alone(workflow):
    now = dt.datetime.now(dt.UTC)
    add_vacancies(workflow, vacancy("VA/OWN/1", now=now))
    with session_scope(workflow.settings.database_url) as session:
        assert seed_demo_if_empty(session, now=now) == 0
    assert references(workflow.client().get("/v1/vacancies")) == ["VA/OWN/1"]


def test_the_seed_demo_command_is_idempotent(workflow):
    environment = {**os.environ, "PREFILL_DATABASE_URL": workflow.settings.database_url}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "prefill.cli", "seed-demo"],
            env=environment,
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode()
    assert len(workflow.rows(Vacancy)) == len(OPENINGS)
    assert done.stderr.decode().strip() == "prefill: 0 demo vacancies added"


@pytest.mark.parametrize("kind", DATABASE_KINDS)
def test_the_vacancy_migration_downgrades_and_upgrades_again(kind, tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    with open_database(kind, tmp_path) as database:
        config = alembic_config(database.url)
        previous = ScriptDirectory.from_config(config).get_revision("0003").down_revision

        command.downgrade(config, previous)
        assert "vacancy" not in inspect(engine_for(database.url)).get_table_names()
        upgrade(database.url)
        assert "vacancy" in inspect(engine_for(database.url)).get_table_names()
