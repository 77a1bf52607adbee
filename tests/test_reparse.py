"""Batch re-parse: what a source lists and how its documents are read, the changes between two parser
outputs, and runs through the HR API with a real worker on each database (folder and ZIP sources, a
previous parser version's run to compare with, pause and resume, profiles left alone)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.register_assert_rewrite("workflow_harness", "service_harness")  # before their first import

from reparse_archive import build_archive  # noqa: E402  fixtures/, on the path via conftest
from rq import Queue  # noqa: E402
from rq.serializers import JSONSerializer  # noqa: E402
from service_harness import WorkerProcess, wait_for  # noqa: E402
from workflow_harness import User, Workflow  # noqa: E402

from prefill.db import session_scope  # noqa: E402
from prefill.instants import utcnow  # noqa: E402
from prefill.parser import PARSER_VERSION, errors  # noqa: E402
from prefill.pipelines.reparse import diff  # noqa: E402
from prefill.pipelines.reparse.command import progress_line  # noqa: E402
from prefill.pipelines.reparse.errors import SourceNotFound, SourceNotSupported, SourceOutsideArchive  # noqa: E402
from prefill.pipelines.reparse.models import ReparseDocument, ReparseRun  # noqa: E402
from prefill.pipelines.reparse.service import Progress, archive_source, dispatch, start_run  # noqa: E402
from prefill.pipelines.reparse.source import DocumentRef, list_documents, read_document, source_kind  # noqa: E402
from prefill.redis_connection import connect  # noqa: E402
from prefill.settings import Settings  # noqa: E402

pytest_plugins = ["workflow_harness"]

RUN_SECONDS = 120.0
"""Longest a small run may take on 2 busy cores."""

MEGABYTE = 1024 * 1024


# -- sources ---------------------------------------------------------------------------------------


def test_a_folder_lists_its_cv_files_sorted_without_hidden_entries_links_or_other_files(tmp_path: Path):
    for name in ("b/cv.PDF", "a/2.docx", "a/1.docx", "export.zip", "old.doc", "notes.txt", "a/.~lock.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "cv.pdf").write_bytes(b"x")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "b" / "cv.PDF")

    assert source_kind(tmp_path) == "folder"
    keys = [document.key for document in list_documents(tmp_path, "folder")]
    assert keys == ["a/1.docx", "a/2.docx", "b/cv.PDF", "export.zip", "old.doc"]


def _zip(path: Path, members: dict[str, tuple[bytes, int]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, (data, method) in members.items():
            archive.writestr(name, data, compress_type=method)
    return path


def test_an_archive_member_reads_back_byte_for_byte_stored_or_deflated(tmp_path: Path):
    pdf, docx = b"%PDF-1.7 " + bytes(range(256)) * 40, b"PK\x03\x04" + b"word " * 5000
    source = _zip(
        tmp_path / "archive.zip",
        {
            "2024/cv.pdf": (pdf, zipfile.ZIP_STORED),
            "2024/cv.docx": (docx, zipfile.ZIP_DEFLATED),
            "x.txt": (b"", 0),
        },
    )
    assert source_kind(source) == "zip"
    documents = list_documents(source, "zip")
    assert [document.key for document in documents] == ["2024/cv.docx", "2024/cv.pdf"]
    assert [read_document(source, d, max_bytes=MEGABYTE) for d in documents] == [docx, pdf]


def test_an_archive_member_is_never_inflated_past_the_limit_whatever_its_header_declares(tmp_path: Path):
    source = _zip(tmp_path / "bomb.zip", {"cv.docx": (b"\0" * (4 * MEGABYTE), zipfile.ZIP_DEFLATED)})
    [document] = list_documents(source, "zip")
    lying = DocumentRef(document.key, {**document.locator, "size": 100})
    for candidate in (document, lying):
        with pytest.raises(errors.FileTooLarge):
            read_document(source, candidate, max_bytes=MEGABYTE)


def test_a_damaged_archive_member_is_corrupt_zip_and_a_missing_file_is_an_os_error(tmp_path: Path):
    source = _zip(tmp_path / "a.zip", {"cv.pdf": (b"%PDF-1.7 text" * 100, zipfile.ZIP_DEFLATED)})
    [document] = list_documents(source, "zip")
    with pytest.raises(errors.CorruptZip):
        read_document(source, DocumentRef(document.key, {**document.locator, "crc": 0}), max_bytes=MEGABYTE)
    with pytest.raises(OSError):
        read_document(tmp_path, DocumentRef("gone.pdf"), max_bytes=MEGABYTE)


def test_a_source_must_be_a_folder_or_a_zip_archive(tmp_path: Path):
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(SourceNotSupported):
        source_kind(tmp_path / "cv.pdf")
    with pytest.raises(SourceNotFound):
        source_kind(tmp_path / "nowhere")


def test_an_api_source_stays_inside_the_archive_folder(tmp_path: Path):
    settings = Settings(reparse_root=str(tmp_path / "archive"))
    (tmp_path / "archive" / "2024").mkdir(parents=True)
    (tmp_path / "archive" / "escape").symlink_to(tmp_path)
    assert archive_source(settings, "2024") == (tmp_path / "archive" / "2024").resolve()
    for outside in ("../secrets", "/etc", "2024/../../x", "escape"):
        with pytest.raises(SourceOutsideArchive):
            archive_source(settings, outside)


# -- changes between two outputs -------------------------------------------------------------------


def _draft(**sections) -> dict:
    def field(value):
        return {"value": value, "confidence": 0.9, "source": {"page": 1, "text": str(value)}}

    personal = {key: field(value) for key, value in sections.pop("personal", {}).items()}
    draft = {"personal": personal, "skills": [field(skill) for skill in sections.pop("skills", [])]}
    for name, entries in sections.items():
        draft[name] = [{key: field(value) for key, value in entry.items()} for entry in entries]
    return draft


OLD_JOB = {"employer": "Harbour Authority", "title": "Analyst", "start": "2018-01", "end": "2020-06"}
NEW_JOB = {"employer": "River Board", "title": "Senior analyst", "start": "2020-07"}


def test_changes_ignore_formatting_and_follow_entries_across_a_shift():
    before = _draft(personal={"phone": "+41 22 700 00 00", "email": "a@example.org"}, experience=[OLD_JOB])
    after = _draft(
        personal={"phone": "+41227000000", "email": "a@example.org", "address": {"city": "Geneva"}},
        experience=[NEW_JOB, {**OLD_JOB, "title": "Data analyst"}],
        skills=["SQL"],
    )
    assert diff.changes(before, after) == [
        {"path": "personal.city", "change": "added", "before": None, "after": "Geneva"},
        {"path": "experience[+0].employer", "change": "added", "before": None, "after": "River Board"},
        {"path": "experience[+0].start", "change": "added", "before": None, "after": "2020-07"},
        {"path": "experience[+0].title", "change": "added", "before": None, "after": "Senior analyst"},
        {"path": "experience[0].title", "change": "changed", "before": "Analyst", "after": "Data analyst"},
        {"path": "skills", "change": "added", "before": None, "after": "sql"},
    ]
    assert diff.changes(after, after) == []


def test_the_progress_line_shows_counts_rate_and_eta():
    line = progress_line(Progress("running", 1000, 400, 12, rate=20.0))
    assert line.split() == [
        "412/1000",
        "41%",
        f"[{'#' * 12}{'·' * 18}]",
        "20.0",
        "docs/s",
        "ETA",
        "00:00:29",
        "12",
        "failed",
    ]
    assert "ETA --:--:--" in progress_line(Progress("paused", 10, 1, 0, rate=None))


# -- runs through the API ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reparse_worker(workflow_api: tuple[Settings, str], tmp_path_factory, service_temp_dir: Path):
    """One worker for the workflow API's queues, for this module's runs."""
    settings, _base_url = workflow_api
    directory = tmp_path_factory.mktemp("reparse-worker")
    worker = WorkerProcess(
        settings,
        name=f"{settings.reparse_queue_name}-w",
        log_path=directory / "log",
        temp_dir=service_temp_dir,
    )
    redis = connect(settings)
    try:
        worker.wait_until_registered(
            Queue(settings.reparse_queue_name, connection=redis, serializer=JSONSerializer)
        )
        yield worker
    finally:
        worker.stop()
        redis.close()


@pytest.fixture
def archive_root(workflow: Workflow, tmp_path: Path) -> Path:
    workflow.settings.reparse_root = str(tmp_path)
    return tmp_path


def _finished(hr: User, run_id: str) -> dict:
    def done() -> dict | None:
        response = hr.client.get(f"/v1/hr/reparse/{run_id}")
        assert response.status_code == 200, response.text
        body = response.json()
        return body if body["status"] == "finished" else None

    return wait_for(done, timeout=RUN_SECONDS, what=f"re-parse run {run_id} to finish")


def _report(hr: User, run_id: str) -> list[dict]:
    response = hr.client.get(f"/v1/hr/reparse/{run_id}/report")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def _start(hr: User, source: str, **extra) -> dict:
    response = hr.client.post("/v1/hr/reparse", json={"source": source, **extra})
    assert response.status_code == 202, response.text
    return response.json()


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_hr_reparses_an_archive_and_the_report_accounts_for_every_document(
    workflow: Workflow, reparse_worker: WorkerProcess, archive_root: Path, as_zip: bool
):
    expected = build_archive(archive_root / ("batch.zip" if as_zip else "batch"), count=40, as_zip=as_zip)
    hr = workflow.hr_user("hilda")
    started = _start(hr, "batch.zip" if as_zip else "batch")
    assert (started["source_kind"], started["parser_version"], started["resumed"]) == (
        "zip" if as_zip else "folder",
        PARSER_VERSION,
        False,
    )

    run = _finished(hr, started["id"])
    failures = [code for code in expected.values() if code]
    assert (run["total"], run["parsed"], run["failed"], run["pending"]) == (
        40,
        40 - len(failures),
        len(failures),
        0,
    )
    assert run["summary"]["failures"] == {code: failures.count(code) for code in set(failures)}
    assert run["rate"] > 0 and run["eta_seconds"] is None  # a finished run's rate is the whole run's
    lines = _report(hr, run["id"])
    assert {line["key"]: line["error"] and line["error"]["code"] for line in lines} == expected
    assert all(line["previous"] is None and line["changes"] is None for line in lines)


def _previous_run(workflow: Workflow, source: Path, drafts: dict[str, dict]) -> str:
    """A finished run of an older parser version over `source`, with the given drafts."""
    with session_scope(workflow.settings.database_url) as session:
        session.add(
            ReparseRun(
                id="20250101T000000-old",
                source=str(source.resolve()),
                source_kind="folder",
                parser_version="0.0.9",
                status="finished",
                total=len(drafts),
                created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            )
        )
        session.flush()
        for key, draft in drafts.items():
            session.add(ReparseDocument(run_id="20250101T000000-old", key=key, status="parsed", draft=draft))
    return "20250101T000000-old"


def test_a_new_parser_version_reports_what_changed_for_each_document(
    workflow: Workflow, reparse_worker: WorkerProcess, archive_root: Path
):
    source = archive_root / "old"
    expected = build_archive(source, count=3, good_only=True)
    hr = workflow.hr_user("hilda")
    first = _finished(hr, _start(hr, "old")["id"])
    current = {line["key"]: line["draft"] for line in _report(hr, first["id"])}
    first_key, second_key, third_key = sorted(expected)

    older = copy.deepcopy(current)
    older[first_key]["experience"][0]["title"]["value"] = "Some older title"
    del older[second_key]["personal"]["email"]
    older.pop(third_key)  # not in the older run: nothing to compare with
    previous_id = _previous_run(workflow, archive_root / "old-copy", older)
    (archive_root / "old").rename(archive_root / "old-copy")

    run = _finished(hr, _start(hr, "old-copy")["id"])
    assert run["previous_run_id"] == previous_id
    lines = {line["key"]: line for line in _report(hr, run["id"])}
    new_title = current[first_key]["experience"][0]["title"]["value"]
    assert lines[first_key]["changes"] == [
        {"path": "experience[0].title", "change": "changed", "before": "Some older title", "after": new_title}
    ]
    email = current[second_key]["personal"]["email"]["value"]
    assert lines[second_key]["changes"] == [
        {"path": "personal.email", "change": "added", "before": None, "after": email}
    ]
    assert lines[third_key]["changes"] is None and lines[third_key]["previous"] is None
    assert lines[first_key]["previous"] == {"run_id": previous_id, "parser_version": "0.0.9"}
    summary = run["summary"]
    assert (summary["compared_with_previous"], summary["changed"], summary["unchanged"]) == (2, 2, 0)
    assert summary["fields_changed"] == {"experience.title": 1, "personal.email": 1}


def test_a_paused_run_takes_nothing_more_until_resumed_and_then_ends_complete(
    workflow: Workflow, reparse_worker: WorkerProcess, archive_root: Path
):
    build_archive(archive_root / "big", count=60, good_only=True)
    hr = workflow.hr_user("hilda")
    run_id = _start(hr, "big")["id"]
    wait_for(
        lambda: hr.client.get(f"/v1/hr/reparse/{run_id}").json()["parsed"] >= 5,
        timeout=RUN_SECONDS,
        what="a start",
    )
    paused = hr.client.post(f"/v1/hr/reparse/{run_id}/pause")
    assert paused.status_code == 200, paused.text
    assert paused.json()["status"] == "paused"
    queue = Queue(
        workflow.settings.reparse_queue_name, connection=connect(workflow.settings), serializer=JSONSerializer
    )
    assert not [job_id for job_id in queue.get_job_ids() if run_id in job_id]
    wait_for(lambda: reparse_worker.horse() is None, timeout=30, what="the running job to end")
    stopped_at = hr.client.get(f"/v1/hr/reparse/{run_id}").json()
    assert stopped_at["status"] == "paused" and stopped_at["pending"] > 0

    resumed = hr.client.post(f"/v1/hr/reparse/{run_id}/resume")
    assert resumed.status_code == 202, resumed.text
    run = _finished(hr, run_id)
    assert (run["parsed"], run["failed"], run["pending"]) == (60, 0, 0)
    assert len(_report(hr, run_id)) == 60


def test_a_run_proposes_and_never_touches_a_candidates_profile(
    workflow: Workflow, reparse_worker: WorkerProcess, archive_root: Path
):
    candidate = workflow.register("ysolde")
    typed = candidate.client.put(
        "/v1/me/profile/personal", json={"first_name": "Ysolde", "last_name": "Marsh"}
    )
    assert typed.status_code == 200, typed.text
    before = candidate.client.get("/v1/me/profile").json()
    build_archive(archive_root / "profiles", count=10, good_only=True)
    hr = workflow.hr_user("hilda")
    _finished(hr, _start(hr, "profiles")["id"])
    assert candidate.client.get("/v1/me/profile").json() == before


def test_an_api_source_outside_the_archive_or_missing_gets_a_clear_error(
    workflow: Workflow, archive_root: Path
):
    hr = workflow.hr_user("hilda")
    outside = hr.client.post("/v1/hr/reparse", json={"source": "../../etc"})
    assert (outside.status_code, outside.json()["error"]["code"]) == (422, "source_outside_archive")
    missing = hr.client.post("/v1/hr/reparse", json={"source": "nowhere"})
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "source_not_found")


def test_a_run_whose_source_is_gone_before_planning_fails_with_its_code(
    workflow: Workflow, archive_root: Path
):
    build_archive(archive_root / "moved", count=2, good_only=True)
    with session_scope(workflow.settings.database_url) as session:
        run, _resumed = start_run(
            session=session, source=archive_root / "moved", created_by=None, now=utcnow()
        )
        run_id = run.id
    shutil.rmtree(archive_root / "moved")
    with pytest.raises(SourceNotFound):
        dispatch(run_id=run_id, settings=workflow.settings, redis=connect(workflow.settings))
    hr = workflow.hr_user("hilda")
    body = hr.client.get(f"/v1/hr/reparse/{run_id}").json()
    assert (body["status"], body["error"]["code"], body["total"]) == ("failed", "source_not_found", None)


@pytest.mark.parametrize(
    ("name", "code"), [("nowhere", "source_not_found"), ("notes.txt", "source_not_supported")]
)
def test_the_command_refuses_a_source_it_cannot_read_with_its_code(tmp_path: Path, name: str, code: str):
    (tmp_path / "notes.txt").write_text("not an archive")
    result = subprocess.run(
        [sys.executable, "-m", "prefill.cli", "reparse", str(tmp_path / name)],
        env={**os.environ, "PREFILL_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert (result.stdout, json.loads(result.stderr.splitlines()[-1])["error"]["code"]) == ("", code)
