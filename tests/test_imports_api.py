"""The imports API against a real Redis, real RQ workers and SQLite (and PostgreSQL where configured)."""

from __future__ import annotations

import hashlib
import re
import select
import socket

import pytest

pytest.register_assert_rewrite("service_harness")  # its helpers assert too; before its first import

from rq.job import Job  # noqa: E402
from service_harness import BAD_INPUT_CODES, BAD_INPUTS, SAMPLES, Service, api_server  # noqa: E402

from prefill.models.draft import DraftProfile  # noqa: E402
from prefill.pipelines.imports import store  # noqa: E402
from prefill.pipelines.imports.service import job_id_for  # noqa: E402

SMALL_LIMIT_BYTES = 64 * 1024
"""The upload limit of the size tests (the default, 10 MB, would make them slow)."""

STATUS_ORDER = ["queued", "started", "finished"]

pytest_plugins = ["service_harness"]  # its fixtures: the service on each database


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_upload_gives_the_draft_once_a_worker_parsed_it(service: Service, kind: str):
    sample = SAMPLES[kind]
    filename = f"my {kind} upload{sample.path.suffix}"
    response = service.upload(sample.data, filename)
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["status"] == "queued"
    assert accepted["links"]["self"] == f"/v1/imports/{accepted['id']}"

    body, seen = service.wait_final(accepted["id"])
    assert body["status"] == "finished", (body["error"], service.worker.log()[-2000:])
    assert seen == [s for s in STATUS_ORDER if s in seen], seen  # never goes backwards
    draft = DraftProfile.model_validate(body["draft"])
    assert draft.source.kind == sample.kind
    assert draft.source.filename == filename
    assert draft.source.sha256 == hashlib.sha256(sample.data).hexdigest()  # the bytes arrived intact
    assert draft.personal.email.value == sample.expected["personal"]["email"]
    assert body["error"] is None and body["position"] is None
    assert store.stored_job_ids(service.redis) == []  # the bytes are gone once parsed


@pytest.mark.parametrize("name", ["too-many-pages.pdf", "encrypted.pdf", "scanned.pdf"])
def test_file_only_the_parser_can_refuse_fails_with_its_code(service: Service, name: str):
    response = service.upload((BAD_INPUTS / name).read_bytes(), name)
    assert response.status_code == 202, response.text

    body, _seen = service.wait_final(response.json()["id"])
    assert body["status"] == "failed"
    assert body["error"]["code"] == BAD_INPUT_CODES[name]
    assert body["error"]["message"]
    assert body["draft"] is None
    assert store.stored_job_ids(service.redis) == []


@pytest.mark.parametrize("name", ["legacy.doc", "empty.pdf", "random-bytes.pdf"])
def test_file_refused_by_its_content_gets_422_and_nothing_is_queued_or_stored(service: Service, name: str):
    data = (BAD_INPUTS / name).read_bytes()
    response = service.upload(data, name)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == BAD_INPUT_CODES[name]
    assert service.queue.count == 0
    assert not Job.exists(job_id_for(data), connection=service.redis)
    assert store.stored_job_ids(service.redis) == []
    assert service.database.rows() == []


def _assert_nothing_kept(service: Service) -> None:
    assert service.queue.count == 0
    assert store.stored_job_ids(service.redis) == []
    assert service.database.rows() == []


def test_upload_over_the_size_limit_gets_413(service: Service):
    small = service.settings.model_copy(update={"max_upload_bytes": SMALL_LIMIT_BYTES})
    with api_server(small) as api:
        data = SAMPLES["pdf"].data + b"%" + b"x" * (2 * SMALL_LIMIT_BYTES)
        response = api.post("/v1/imports", files={"file": ("big.pdf", data, "application/pdf")})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    _assert_nothing_kept(service)


def test_upload_over_the_size_limit_is_refused_before_its_body_is_read(service: Service):
    """A chunked body (no Content-Length) is answered 413 while the client is still sending it."""
    small = service.settings.model_copy(update={"max_upload_bytes": SMALL_LIMIT_BYTES})
    body_bytes = 100 * SMALL_LIMIT_BYTES
    chunk = b"x" * 8192
    with api_server(small) as api, socket.create_connection((api.base_url.host, api.base_url.port)) as sock:
        sock.settimeout(5)
        sock.sendall(
            b"POST /v1/imports HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: multipart/form-data; boundary=B\r\n\r\n"
        )
        head = b'--B\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-1.4\n'
        sent = 0
        for piece in [head] + [chunk] * (body_bytes // len(chunk)):
            if select.select([sock], [], [], 0.002)[0]:
                break  # the server answered
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            except OSError:  # the server closed the connection after answering
                break
            sent += len(piece)
        answer = _read_response(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"file_too_large"' in answer
    assert sent < body_bytes // 2, sent
    _assert_nothing_kept(service)


def _read_response(sock: socket.socket) -> bytes:
    """One HTTP response (its head, and its body by Content-Length) from the socket."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(65536) or pytest.fail(f"connection closed mid-response: {answer!r}")
    head, body = answer.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])
    while len(body) < length:
        body += sock.recv(65536) or pytest.fail("connection closed mid-body")
    return head + b"\r\n\r\n" + body


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data; boundary=B", b"this is not a multipart body"),
        (
            "multipart/form-data; boundary=B",
            b'--B\r\nContent-Disposition: form-data; name="cv"\r\n\r\nx\r\n--B--\r\n',
        ),
        ("application/json", b'{"file": "x"}'),
    ],
    ids=["malformed", "no-file-field", "not-multipart"],
)
def test_upload_without_a_file_field_gets_422_bad_upload(service: Service, content_type: str, body: bytes):
    response = service.api.post("/v1/imports", content=body, headers={"content-type": content_type})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "bad_upload"
    _assert_nothing_kept(service)


def test_double_submit_of_the_same_bytes_is_parsed_once(service: Service):
    data = SAMPLES["docx"].data
    first = service.upload(data, "first.docx")
    second = service.upload(data, "second.docx")
    assert first.status_code == second.status_code == 202

    first_body, _ = service.wait_final(first.json()["id"])
    second_body, _ = service.wait_final(second.json()["id"])
    assert first_body["status"] == second_body["status"] == "finished"
    job_ids = {row.job_id for row in service.database.rows()}
    assert job_ids == {job_id_for(data)}
    assert service.worker.job_starts(service.settings.queue_name, job_id_for(data)) == 1
    assert first_body["draft"]["source"]["filename"] == "first.docx"
    assert second_body["draft"]["source"]["filename"] == "second.docx"
    same_but_name = {**second_body["draft"], "source": first_body["draft"]["source"]}
    assert same_but_name == first_body["draft"]


def test_deleted_import_is_gone(service: Service):
    body = service.parse(SAMPLES["linkedin_zip"].data, "export.zip")
    path = f"/v1/imports/{body['id']}"

    assert service.api.delete(path).status_code == 204
    response = service.api.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert service.api.delete(path).status_code == 404
    assert service.database.rows() == []


def test_unknown_import_is_404_not_found(service: Service):
    response = service.api.get("/v1/imports/no-such-import")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"]


def test_health_reports_redis_database_workers_and_queue_depth(service: Service):
    response = service.api.get("/v1/health")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["status"] == "ok"
    assert report["redis"] == "ok"
    assert report["database"] == "ok"
    assert report["workers"] >= 1
    assert report["queue_depth"] == 0
    assert "error" not in report

