"""Vacancy instants: stored in UTC, shown in the duty station's zone and the viewer's, across
daylight-saving changes; open until the last instant before closing."""

from __future__ import annotations

import datetime as dt

import pytest

from prefill.workflow.vacancies.models import Vacancy
from prefill.workflow.vacancies.service import is_open
from prefill.workflow.vacancies.zones import InvalidTimeZone, as_utc, local_instant, shown, zone_named

GENEVA = zone_named("Europe/Zurich")
AUCKLAND = zone_named("Pacific/Auckland")
SANTIAGO = zone_named("America/Santiago")

DST_ENDS_IN_EUROPE = dt.date(2026, 10, 25)
"""Last Sunday of October 2026: at 03:00 CEST the clocks go back to 02:00 CET."""


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def test_closing_at_2359_geneva_on_the_night_dst_ends_is_one_hour_later_in_utc_than_the_night_before():
    before = local_instant(dt.datetime(2026, 10, 24, 23, 59), GENEVA)
    after = local_instant(dt.datetime.combine(DST_ENDS_IN_EUROPE, dt.time(23, 59)), GENEVA)

    assert before == utc(2026, 10, 24, 21, 59)  # CEST, UTC+2
    assert after == utc(2026, 10, 25, 22, 59)  # CET, UTC+1
    assert after - before == dt.timedelta(hours=25)  # that day has 25 hours

    closing = shown(after, station=GENEVA, viewer=None)
    assert closing.utc == "2026-10-25T22:59:00Z"
    assert closing.duty_station.time == "2026-10-25T23:59:00+01:00"
    assert closing.duty_station.zone == "Europe/Zurich"
    assert closing.duty_station.abbreviation == "CET"
    assert shown(before, station=GENEVA, viewer=None).duty_station.time == "2026-10-24T23:59:00+02:00"
    assert closing.viewer is None


def test_a_viewer_in_auckland_sees_a_geneva_deadline_on_the_next_day():
    closing = shown(utc(2026, 10, 25, 22, 59), station=GENEVA, viewer=AUCKLAND)

    assert closing.viewer is not None
    assert closing.viewer.time == "2026-10-26T11:59:00+13:00"
    assert closing.viewer.zone == "Pacific/Auckland"
    assert closing.viewer.abbreviation == "NZDT"
    assert closing.duty_station.time == "2026-10-25T23:59:00+01:00"


def test_a_southern_duty_station_changes_offset_in_its_own_season():
    # Santiago is on summer time (UTC-3) in January and on standard time (UTC-4) in July.
    assert shown(utc(2026, 1, 16, 2, 59), station=SANTIAGO, viewer=None).duty_station.time == (
        "2026-01-15T23:59:00-03:00"
    )
    assert shown(utc(2026, 7, 16, 3, 59), station=SANTIAGO, viewer=None).duty_station.time == (
        "2026-07-15T23:59:00-04:00"
    )


@pytest.mark.parametrize(
    ("local", "problem"),
    [
        (dt.datetime(2026, 3, 29, 2, 30), "does not exist"),  # spring forward: 02:00 -> 03:00
        (dt.datetime(2026, 10, 25, 2, 30), "happens twice"),  # fall back: 02:00-03:00 twice
    ],
)
def test_a_wall_clock_time_skipped_or_repeated_by_a_dst_change_is_refused(local, problem):
    with pytest.raises(ValueError, match=problem):
        local_instant(local, GENEVA)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "europe/zurich", "Europe", "../etc/passwd", "", "zone.tab", "Europe/Zurich\x00"]
)
def test_a_name_that_is_not_an_iana_zone_is_refused(name):
    with pytest.raises(InvalidTimeZone) as raised:
        zone_named(name)
    assert raised.value.code == "invalid_time_zone"
    assert raised.value.status == 422


def test_a_naive_instant_read_back_from_sqlite_is_taken_as_utc():
    assert as_utc(dt.datetime(2026, 10, 25, 22, 59)) == utc(2026, 10, 25, 22, 59)
    assert as_utc(dt.datetime(2026, 10, 25, 23, 59, tzinfo=GENEVA)) == utc(2026, 10, 25, 22, 59)


def _vacancy(*, published_at: dt.datetime, closes_at: dt.datetime) -> Vacancy:
    return Vacancy(reference="VA/TEST/1", published_at=published_at, closes_at=closes_at)


def test_a_vacancy_is_open_at_the_last_second_before_closing_and_closed_from_the_closing_instant():
    closes_at = local_instant(dt.datetime.combine(DST_ENDS_IN_EUROPE, dt.time(23, 59)), GENEVA)
    vacancy = _vacancy(published_at=utc(2026, 10, 1, 8, 0), closes_at=closes_at)
    second = dt.timedelta(seconds=1)

    assert is_open(vacancy, now=closes_at - second)
    assert not is_open(vacancy, now=closes_at)
    assert not is_open(vacancy, now=closes_at + second)
    # The same instants seen from Auckland: the zone of `now` changes nothing.
    assert is_open(vacancy, now=(closes_at - second).astimezone(AUCKLAND))
    assert not is_open(vacancy, now=(closes_at + second).astimezone(AUCKLAND))


def test_a_vacancy_is_not_open_before_its_publication():
    vacancy = _vacancy(published_at=utc(2026, 10, 1, 8, 0), closes_at=utc(2026, 10, 30, 22, 59))

    assert not is_open(vacancy, now=utc(2026, 10, 1, 7, 59, 59))
    assert is_open(vacancy, now=utc(2026, 10, 1, 8, 0))


def test_open_works_on_naive_instants_as_sqlite_returns_them():
    vacancy = _vacancy(
        published_at=dt.datetime(2026, 10, 1, 8, 0), closes_at=dt.datetime(2026, 10, 25, 22, 59)
    )

    assert is_open(vacancy, now=utc(2026, 10, 25, 22, 58, 59))
    assert not is_open(vacancy, now=utc(2026, 10, 25, 22, 59, 0))
