"""Prefill accuracy from real use: the kept / corrected / missed / spurious arithmetic on hand-made
prefilled and submitted values; the SQL aggregation over several submissions, filters and group-bys
(each database); end to end, a candidate who prefills, edits and submits, and what HR reads (resubmit,
deactivation, export); and the `prefill accuracy` command with its chart."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

pytest.register_assert_rewrite("workflow_harness", "service_harness")  # before their first import

from test_applications import add_vacancy, fill_profile, fill_steps, sign, start  # noqa: E402
from test_authorization_matrix import _stored_import  # noqa: E402
from workflow_harness import User, Workflow  # noqa: E402

from prefill.cli import EXIT_NO_DATABASE, EXIT_USAGE, main  # noqa: E402
from prefill.db import session_scope, upgrade  # noqa: E402
from prefill.models.draft import (  # noqa: E402
    Address,
    DraftProfile,
    EducationEntry,
    ExperienceEntry,
    Field,
    LanguageEntry,
    Personal,
    Snippet,
    Source,
)
from prefill.pipelines.accuracy import chart, service  # noqa: E402
from prefill.pipelines.accuracy.compare import Outcome, outcomes, prefilled_values, submitted_values  # noqa: E402
from prefill.pipelines.accuracy.models import PrefillOutcome, PrefillRecord  # noqa: E402
from prefill.pipelines.accuracy.schemas import AccuracyQuery, AccuracyReport, FieldAccuracy  # noqa: E402
from prefill.settings import get_settings  # noqa: E402

pytest_plugins = ["workflow_harness"]

# -- hand-made cases -------------------------------------------------------------------------------

PREFILLED = {
    "personal": {
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "jeanne@example.org",
        "phone": "+33199001234",
        "street": "1 rue de la Paix",
        "city": "Lyon",
        "country": "FR",
    },
    "experience": [
        {"employer": "Alpha Industries", "title": "Engineer", "start": "2021-03", "current": True},
        {"employer": "Beta Logistics", "title": "Analyst", "start": "2018-01", "end": "2021-02"},
    ],
    "education": [{"institution": "Université de Lyon", "degree": "Master", "start": "2015", "end": "2017"}],
    "languages": [{"language": "fr", "level": "native"}, {"language": "en", "level": "C1"}],
}
"""What a prefill proposed, in the scorer's values-only shape (`compare.prefilled_values`)."""

SUBMITTED = {
    "personal": {
        "first_name": "JEANNE",  # case only: kept
        "last_name": "Dupont-Martin",  # corrected
        "email": "jeanne@example.org",
        "phone": "+33 1 99 00 12 34",  # formatting only: kept
        "address.street": None,  # cleared: spurious
        "address.city": "Lyon",
        "address.country": "FR",
        "nationality": "FR",  # added: missed
        "date_of_birth": None,
        "other_names": "Marie",  # not in the scope
    },
    "experience": [
        {
            "employer": "Alpha Industries",
            "title": "Senior Engineer",  # corrected
            "start": "2021-03",
            "end": None,
            "current": True,
            "description": "Not scored.",
        },
        # Beta Logistics deleted: four spurious values
        {"employer": "Gamma Foods", "title": "Intern", "start": "2017", "end": "2017", "current": False},
    ],
    "education": [
        {
            "institution": "Université de Lyon",
            "degree": "Master of Law",  # corrected
            "start": "2015",
            "end": "2017",
            "field_of_study": "Law",
        }
    ],
    "languages": [
        {"language": "fr", "mother_tongue": True},
        # the skills differ: the speaking level stands for the language, and it is the CV's
        {"language": "en", "reading": "C1", "writing": "B2", "speaking": "C1", "understanding": "C1"},
        {"language": "es", "reading": "B1", "writing": "B1", "speaking": "B1", "understanding": "B1"},
    ],
    "certifications": [{"name": "PMP", "issuer": "PMI", "date": "2020"}],
}
"""The profile as submitted (`snapshot.profile_values`: profile keys, per-skill levels)."""

EXPECTED_OUTCOMES = {
    "personal.first_name": Outcome(kept=1),
    "personal.last_name": Outcome(corrected=1),
    "personal.email": Outcome(kept=1),
    "personal.phone": Outcome(kept=1),
    "personal.street": Outcome(spurious=1),
    "personal.postal_code": Outcome(),
    "personal.city": Outcome(kept=1),
    "personal.country": Outcome(kept=1),
    "personal.nationality": Outcome(missed=1),
    "personal.date_of_birth": Outcome(),
    "experience.employer": Outcome(kept=1, missed=1, spurious=1),
    "experience.title": Outcome(corrected=1, missed=1, spurious=1),
    "experience.location": Outcome(),
    "experience.start": Outcome(kept=1, missed=1, spurious=1),
    "experience.end": Outcome(missed=1, spurious=1),
    "experience.current": Outcome(kept=1),
    "education.institution": Outcome(kept=1),
    "education.degree": Outcome(corrected=1),
    "education.start": Outcome(kept=1),
    "education.end": Outcome(kept=1),
    "certifications.name": Outcome(missed=1),
    "certifications.date": Outcome(missed=1),
    "languages.language": Outcome(kept=2, missed=1),
    "languages.level": Outcome(kept=2, missed=1),
}
EXPECTED_TOTAL = Outcome(kept=15, corrected=3, missed=9, spurious=5)


def _total(found: dict[str, Outcome]) -> Outcome:
    return Outcome.of(sum((outcome.counts for outcome in found.values()), Outcome().counts))


def test_each_prefilled_value_is_kept_corrected_missed_or_spurious_after_normalisation():
    found = outcomes(prefilled=PREFILLED, submitted=submitted_values(SUBMITTED))

    assert found == EXPECTED_OUTCOMES
    assert _total(found) == EXPECTED_TOTAL


def test_precision_and_recall_count_a_correction_against_both():
    counts = EXPECTED_TOTAL.counts

    assert counts.precision == 15 / (15 + 3 + 5)  # kept / (kept + corrected + spurious)
    assert counts.recall == 15 / (15 + 3 + 9)  # kept / (kept + corrected + missed)
    assert counts.f1 == 2 * 15 / (2 * 15 + 2 * 3 + 9 + 5) == 0.6
    assert Outcome.of(counts) == EXPECTED_TOTAL


def test_an_untouched_prefill_is_all_kept_and_an_empty_one_all_missed():
    submitted = submitted_values(SUBMITTED)

    untouched = _total(outcomes(prefilled=submitted, submitted=submitted))
    nothing = _total(outcomes(prefilled={}, submitted=submitted))

    assert untouched == Outcome(kept=27)  # the submitted values: kept + corrected + missed above
    assert nothing == Outcome(missed=27)
    assert nothing.counts.precision is None and nothing.counts.recall == 0.0


@pytest.mark.parametrize(
    ("language", "level"),
    [
        ({"mother_tongue": True, "reading": "B2"}, "native"),
        ({"reading": "B2", "writing": "B2", "speaking": "B2", "understanding": "B2"}, "B2"),
        ({"reading": "C2", "writing": "B1", "speaking": "B2"}, "B2"),
        ({"reading": "C2", "writing": "B1"}, "C2"),
        ({"mother_tongue": False}, None),
    ],
)
def test_a_submitted_language_has_one_level(language: dict, level: str | None):
    [entry] = submitted_values({"languages": [{"language": "de", **language}]})["languages"]

    assert entry == {"language": "de"} | ({"level": level} if level else {})


def _field(value: object) -> Field:
    return Field(value=value, confidence=0.9, source=Snippet(page=1, text=str(value)))


DRAFT = DraftProfile(
    parser_version="0.1.0",
    source=Source(kind="docx", filename="cv.docx", sha256="0" * 64, pages=1, language="fr"),
    personal=Personal(
        first_name=_field("Zoé"),
        last_name=_field("Lefèvre-Dubois"),
        email=_field("zoe@example.org"),
        phone=_field("+33142685300"),
        date_of_birth=_field("1990-04-12"),
        address=_field(Address(street="12 rue Mercière", city="Lyon", country="FR")),
        links=[_field("https://example.org/zoe")],
    ),
    languages=[LanguageEntry(language=_field("fr"), level=_field("native"))],
    education=[EducationEntry(institution=_field("Université de Lyon"), degree=_field("Master"))],
    experience=[
        ExperienceEntry(
            employer=_field("Acme"), title=_field("Analyst"), start=_field("2015-01"), current=True
        )
    ],
    skills=[_field("Python")],
)
"""A hand-made draft: the end-to-end candidate's import."""


def test_a_prefill_record_holds_what_the_profile_can_hold():
    assert prefilled_values(DRAFT) == {
        "personal": {
            "first_name": "Zoé",
            "last_name": "Lefèvre-Dubois",
            "email": "zoe@example.org",
            "phone": "+33142685300",
            "street": "12 rue Mercière",
            "city": "Lyon",
            "country": "FR",
            "date_of_birth": "1990-04-12",
        },
        "experience": [{"employer": "Acme", "title": "Analyst", "start": "2015-01", "current": True}],
        "education": [{"institution": "Université de Lyon", "degree": "Master"}],
        "certifications": [],
        "languages": [{"language": "fr", "level": "native"}],
    }  # no links, no skills: the profile has none


# -- aggregation (SQL, each database) --------------------------------------------------------------


def _submission(
    session, *, prefilled: dict, submitted: dict, day: str, parser: str, kind: str, language: str | None
) -> None:
    record = PrefillRecord(kind=kind, parser_version=parser, language=language, values=prefilled)
    session.add_all(
        service.outcome_rows(
            record=record,
            profile=submitted,
            application_id=None,
            submitted_at=dt.datetime.fromisoformat(f"{day}T10:30:00+00:00"),
        )
    )


def _seed(url: str) -> None:
    """Three submissions: the hand-made case; an untouched two-value prefill; a correction, a miss and a
    spurious value."""
    with session_scope(url) as session:
        _submission(
            session,
            prefilled=PREFILLED,
            submitted=SUBMITTED,
            day="2026-11-02",
            parser="0.1.0",
            kind="docx",
            language="en",
        )
        _submission(
            session,
            prefilled={"personal": {"first_name": "Ada", "last_name": "King"}},
            submitted={"personal": {"first_name": "Ada", "last_name": "king"}},
            day="2026-11-20",
            parser="0.1.0",
            kind="pdf",
            language="fr",
        )
        _submission(
            session,
            prefilled={"personal": {"first_name": "Bob", "email": "bob@example.org"}},
            submitted={"personal": {"first_name": "Robert", "phone": "+41 22 730 11 11"}},
            day="2026-12-01",
            parser="0.2.0",
            kind="docx",
            language=None,
        )


def _report(url: str, **query) -> AccuracyReport:
    with session_scope(url) as session:
        return service.report(session=session, query=AccuracyQuery(**query))


def _outcome(accuracy: FieldAccuracy | dict) -> Outcome:
    if isinstance(accuracy, dict):  # as the API sends it
        accuracy = FieldAccuracy.model_validate(accuracy)
    return Outcome(accuracy.kept, accuracy.corrected, accuracy.missed, accuracy.spurious)


def _summary(report: AccuracyReport) -> list[tuple[dict, int, Outcome]]:
    return [(group.key, group.applications, _outcome(group.overall)) for group in report.groups]


def test_the_report_sums_fields_over_submissions(workflow: Workflow):
    url = workflow.settings.database_url
    _seed(url)

    [group] = _report(url).groups

    assert group.key == {} and group.applications == 3
    assert _outcome(group.overall) == Outcome(kept=17, corrected=4, missed=10, spurious=6)
    first_name = group.fields["personal.first_name"]
    assert _outcome(first_name) == Outcome(kept=2, corrected=1)
    assert first_name.precision == first_name.recall == first_name.f1 == 2 / 3
    assert _outcome(group.fields["personal.email"]) == Outcome(kept=1, spurious=1)
    assert _outcome(group.fields["personal.phone"]) == Outcome(kept=1, missed=1)
    assert _outcome(group.sections["languages"]) == Outcome(kept=4, missed=2)
    assert list(group.fields)[:3] == ["personal.first_name", "personal.last_name", "personal.email"]
    assert "personal.postal_code" not in group.fields  # nothing on either side anywhere


def test_the_report_groups_by_any_dimensions(workflow: Workflow):
    url = workflow.settings.database_url
    _seed(url)

    by_version = _report(url, by=["parser_version"])
    by_kind_and_language = _report(url, by=["kind", "language"])

    assert _summary(by_version) == [
        ({"parser_version": "0.1.0"}, 2, Outcome(kept=17, corrected=3, missed=9, spurious=5)),
        ({"parser_version": "0.2.0"}, 1, Outcome(corrected=1, missed=1, spurious=1)),
    ]
    assert by_version.groups[1].overall.f1 == 0.0
    assert [(key, applications) for key, applications, _ in _summary(by_kind_and_language)] == [
        ({"kind": "docx", "language": "en"}, 1),
        ({"kind": "docx", "language": None}, 1),  # language not detected: last
        ({"kind": "pdf", "language": "fr"}, 1),
    ]


@pytest.mark.parametrize(
    ("period", "groups"),
    [
        ("day", [("2026-11-02", "0.1.0", 1), ("2026-11-20", "0.1.0", 1), ("2026-12-01", "0.2.0", 1)]),
        ("week", [("2026-W45", "0.1.0", 1), ("2026-W47", "0.1.0", 1), ("2026-W49", "0.2.0", 1)]),
        ("month", [("2026-11", "0.1.0", 2), ("2026-12", "0.2.0", 1)]),
    ],
)
def test_the_report_groups_by_utc_period(workflow: Workflow, period: str, groups: list[tuple]):
    url = workflow.settings.database_url
    _seed(url)

    report = _report(url, by=["period", "parser_version"], period=period)

    assert [(*g.key.values(), g.applications) for g in report.groups] == groups


@pytest.mark.parametrize(
    ("filters", "applications", "total"),
    [
        ({"since": dt.date(2026, 11, 10)}, 2, Outcome(kept=2, corrected=1, missed=1, spurious=1)),
        ({"until": dt.date(2026, 11, 30)}, 2, Outcome(kept=17, corrected=3, missed=9, spurious=5)),
        ({"since": dt.date(2026, 11, 20), "until": dt.date(2026, 11, 20)}, 1, Outcome(kept=2)),
        ({"kind": "pdf"}, 1, Outcome(kept=2)),
        ({"language": "fr"}, 1, Outcome(kept=2)),
        ({"parser_version": "0.2.0"}, 1, Outcome(corrected=1, missed=1, spurious=1)),
    ],
)
def test_the_report_filters_submissions(workflow: Workflow, filters: dict, applications: int, total: Outcome):
    url = workflow.settings.database_url
    _seed(url)

    assert _summary(_report(url, **filters)) == [({}, applications, total)]


def test_nothing_submitted_gives_no_group(workflow: Workflow):
    assert _report(workflow.settings.database_url, by=["kind"]).groups == []


# -- end to end: a candidate prefills, edits and submits; HR reads the counts ---------------------

E2E_FIELDS = {
    "personal.first_name": Outcome(kept=1),
    "personal.last_name": Outcome(kept=1),
    "personal.email": Outcome(kept=1),
    "personal.phone": Outcome(kept=1),
    "personal.street": Outcome(spurious=1),
    "personal.city": Outcome(corrected=1),
    "personal.country": Outcome(kept=1),
    "personal.nationality": Outcome(missed=1),
    "personal.date_of_birth": Outcome(kept=1),
    "experience.employer": Outcome(kept=1),
    "experience.title": Outcome(kept=1),
    "experience.start": Outcome(kept=1),
    "experience.current": Outcome(kept=1),
    "education.institution": Outcome(kept=1),
    "education.degree": Outcome(kept=1),
    "languages.language": Outcome(kept=1),
    "languages.level": Outcome(kept=1),
}
"""The candidate below corrects the city, clears the street and adds a nationality."""


def _hr_report(hr: User, **params) -> dict:
    response = hr.client.get("/v1/hr/prefill-accuracy", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _fields(group: dict) -> dict[str, Outcome]:
    return {field: _outcome(counts) for field, counts in group["fields"].items()}


def _submit(candidate: User, application_id: str) -> None:
    assert sign(candidate, application_id).status_code == 200
    response = candidate.client.post(f"/v1/applications/{application_id}/submit")
    assert response.status_code == 200, response.text


def test_hr_reads_what_became_of_a_candidates_prefilled_values(workflow: Workflow):
    add_vacancy(workflow, "VA/ACC/1")
    zoe = workflow.register("zoe")
    import_id = _stored_import(workflow, owner=zoe.id, draft=DRAFT)
    assert zoe.client.post("/v1/me/profile/prefill", json={"import_id": import_id}).status_code == 200
    assert zoe.client.delete(f"/v1/imports/{import_id}").status_code == 204  # the record outlives it
    edited = zoe.client.put(
        "/v1/me/profile/personal",
        json={"address": {"city": "Villeurbanne", "street": None}, "nationality": "FR"},
    )
    assert edited.status_code == 200, edited.text
    confirmed = zoe.client.post(
        "/v1/me/profile/confirm", json={"paths": ["personal", "experience", "education", "languages"]}
    )
    assert confirmed.status_code == 200, confirmed.text
    application_id = start(zoe, "VA/ACC/1")["id"]
    fill_steps(zoe, application_id)
    _submit(zoe, application_id)
    hr = workflow.hr_user("hilda")

    [group] = _hr_report(hr)["groups"]
    [by_version] = _hr_report(hr, by=["parser_version", "kind", "language"])["groups"]

    assert group["applications"] == 1
    assert _fields(group) == E2E_FIELDS
    assert _outcome(group["overall"]) == Outcome(kept=14, corrected=1, missed=1, spurious=1)
    assert by_version["key"] == {"parser_version": "0.1.0", "kind": "docx", "language": "fr"}
    [record] = zoe.client.get("/v1/me/export").json()["prefill_records"]
    assert record["import_id"] == import_id and record["values"]["personal"]["first_name"] == "Zoé"

    # amended and submitted again, with the street typed back: replaced, not counted twice
    street = zoe.client.put("/v1/me/profile/personal", json={"address": {"street": "12 rue Mercière"}})
    assert street.status_code == 200, street.text
    letter = zoe.client.put(f"/v1/applications/{application_id}/cover-letter", json={"text": "Again."})
    assert letter.json()["status"] == "amended"
    _submit(zoe, application_id)
    [group] = _hr_report(hr)["groups"]
    assert group["applications"] == 1
    assert _fields(group) == E2E_FIELDS | {"personal.street": Outcome(kept=1)}

    # the candidate leaves: their prefill record goes, the counts stay
    assert zoe.client.delete("/v1/me").status_code == 204
    assert _hr_report(hr)["groups"] == [group]
    assert workflow.rows(PrefillRecord) == []
    assert {row.application_id for row in workflow.rows(PrefillOutcome)} == {None}


def test_a_submission_without_a_prefill_counts_nowhere(workflow: Workflow):
    add_vacancy(workflow, "VA/ACC/2")
    ada = workflow.register("ada")
    fill_profile(ada)
    application_id = start(ada, "VA/ACC/2")["id"]
    fill_steps(ada, application_id)
    _submit(ada, application_id)

    assert _hr_report(workflow.hr_user("hilda"))["groups"] == []


def test_hr_gets_a_chart_and_clear_errors_for_bad_parameters(workflow: Workflow):
    _seed(workflow.settings.database_url)
    hr = workflow.hr_user("hilda")

    picture = hr.client.get("/v1/hr/prefill-accuracy/chart.svg", params={"kind": "docx"})
    bad = {
        "by": hr.client.get("/v1/hr/prefill-accuracy", params={"by": "field"}),
        "until": hr.client.get(
            "/v1/hr/prefill-accuracy", params={"since": "2026-12-01", "until": "2026-11-01"}
        ),
        "group_by": hr.client.get("/v1/hr/prefill-accuracy", params={"group_by": "kind"}),
        "since": hr.client.get("/v1/hr/prefill-accuracy/chart.svg", params={"since": "yesterday"}),
    }

    assert picture.status_code == 200 and picture.headers["content-type"] == "image/svg+xml"
    ElementTree.fromstring(picture.text)  # well-formed
    assert "parser version 0.1.0 (1 application)" in picture.text
    assert "parser version 0.2.0 (1 application)" in picture.text
    for name, response in bad.items():
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "invalid_request"
        assert any(path.startswith(f"query.{name}") for path in error["fields"]), error


# -- the command -----------------------------------------------------------------------------------

Cli = Callable[..., tuple[int, str, str]]
"""`prefill accuracy ARGS` on the test's database: exit code, stdout, stderr."""


@pytest.fixture
def accuracy_cli(tmp_path: Path, monkeypatch, capsys) -> Iterator[Cli]:
    url = f"sqlite:///{tmp_path / 'prefill.db'}"
    upgrade(url)
    _seed(url)
    monkeypatch.setenv("PREFILL_DATABASE_URL", url)
    get_settings.cache_clear()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["accuracy", *args])
        output = capsys.readouterr()
        return code, output.out, output.err

    yield run
    get_settings.cache_clear()  # the next user reads its own environment


def test_prefill_accuracy_prints_a_table_per_group_and_writes_the_chart(accuracy_cli: Cli, tmp_path: Path):
    drawing = tmp_path / "accuracy.svg"

    code, out, _ = accuracy_cli("--by", "parser_version", "--chart", str(drawing))

    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "parser_version 0.1.0: 2 applications"
    assert lines[1].split() == ["field", "kept", "corrected", "missed", "spurious", "P", "R", "F1"]
    assert lines[3].split() == ["personal.first_name", "2", "0", "0", "0", "1.000", "1.000", "1.000"]
    assert "parser_version 0.2.0: 1 applications" in lines
    overall = [line.split() for line in lines if line.startswith("overall")]
    assert overall == [
        ["overall", "17", "3", "9", "5", "0.680", "0.586", "0.630"],
        ["overall", "0", "1", "1", "1", "0.000", "0.000", "0.000"],
    ]
    svg = ElementTree.fromstring(drawing.read_text(encoding="utf-8"))  # well-formed
    texts = [element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "parser version 0.1.0 (2 applications)" in texts and "personal.first_name" in texts


def test_prefill_accuracy_prints_json_with_the_filters(accuracy_cli: Cli):
    code, out, _ = accuracy_cli("--since", "2026-11-10", "--kind", "pdf", "--json")

    assert code == 0
    report = json.loads(out)
    assert report["query"]["since"] == "2026-11-10" and report["query"]["kind"] == "pdf"
    assert [group["applications"] for group in report["groups"]] == [1]


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert (librsvg) is not installed")
def test_prefill_accuracy_draws_a_png_chart(accuracy_cli: Cli, tmp_path: Path):
    drawing = tmp_path / "accuracy.png"

    assert accuracy_cli("--chart", str(drawing))[0] == 0
    assert drawing.read_bytes().startswith(b"\x89PNG")


def test_prefill_accuracy_says_what_a_png_chart_needs(accuracy_cli: Cli, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(chart, "RSVG_CONVERT", "no-such-svg-converter")

    code, _, err = accuracy_cli("--chart", str(tmp_path / "accuracy.png"))

    assert code == EXIT_USAGE and "no-such-svg-converter (librsvg)" in err
    assert not (tmp_path / "accuracy.png").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "2026-12-01", "--until", "2026-11-01"],
            "--until: Value error, `until` is before `since`.",
        ),
        (["--by", "kind", "field"], "--by: Input should be"),
        (["--chart", "accuracy.pdf"], "--chart: name an .svg or .png file"),
    ],
)
def test_prefill_accuracy_refuses_bad_options(accuracy_cli: Cli, args: list[str], message: str):
    code, out, err = accuracy_cli(*args)

    assert code == EXIT_USAGE and out == ""
    assert err.startswith(f"prefill: {message}")


def test_prefill_accuracy_says_when_the_database_is_not_migrated(accuracy_cli: Cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PREFILL_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()

    code, _, err = accuracy_cli()

    assert code == EXIT_NO_DATABASE and "prefill migrate" in err
