"""Instants and IANA time zones: stored in UTC, shown in the duty station's zone and the viewer's."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from pydantic import BaseModel

from prefill.errors import ServiceError
from prefill.instants import as_utc


class InvalidTimeZone(ServiceError):
    code = "invalid_time_zone"
    status = 422
    message = "The time zone is not a known IANA name such as Europe/Zurich or Pacific/Auckland."


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name` (e.g. `Europe/Zurich`), case as the database spells it; `InvalidTimeZone`
    for anything else (the zone database's own files and directories are not zones)."""
    if name not in _known_zones():
        raise InvalidTimeZone()
    return ZoneInfo(name)


def local_instant(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of a wall-clock time in `zone`.

    A time skipped by a daylight-saving change, or one that happens twice, is refused: a deadline
    must name one instant."""
    if local.tzinfo is not None:
        raise ValueError("give the wall-clock time without an offset")
    first, second = (as_utc(local.replace(tzinfo=zone, fold=fold)) for fold in (0, 1))
    if first.astimezone(zone).replace(tzinfo=None) != local:
        raise ValueError(f"{local:%Y-%m-%d %H:%M} does not exist in {zone.key}")
    if first != second:
        raise ValueError(f"{local:%Y-%m-%d %H:%M} happens twice in {zone.key}")
    return first


def utc_text(instant: dt.datetime) -> str:
    return as_utc(instant).isoformat().replace("+00:00", "Z")


class ZonedTime(BaseModel):
    time: str
    """ISO 8601 with the offset in force then, e.g. 2026-10-25T23:59:00+01:00."""
    zone: str
    """IANA name, e.g. Europe/Zurich."""
    abbreviation: str
    """What the zone calls itself then (CET, CEST, NZDT, or an offset like -03 where it has no name)."""


class ShownInstant(BaseModel):
    """One instant as the candidate needs to read it."""

    utc: str
    duty_station: ZonedTime
    viewer: ZonedTime | None = None
    """In the zone the client asked for (`tz` or `X-Time-Zone`), when it asked."""


def zoned(instant: dt.datetime, zone: ZoneInfo) -> ZonedTime:
    local = as_utc(instant).astimezone(zone)
    return ZonedTime(time=local.isoformat(), zone=zone.key, abbreviation=local.tzname() or "")


def shown(instant: dt.datetime, *, station: ZoneInfo, viewer: ZoneInfo | None) -> ShownInstant:
    return ShownInstant(
        utc=utc_text(instant),
        duty_station=zoned(instant, station),
        viewer=zoned(instant, viewer) if viewer is not None else None,
    )
