"""Imports belong to the logged-in candidate who uploaded them: another account (or nobody) gets 404."""

from __future__ import annotations

from workflow_harness import Workflow, unique_cv, upload

from prefill.models.tables import CvImport

pytest_plugins = ["workflow_harness"]


def test_an_import_is_reachable_only_by_its_owner(workflow: Workflow):
    ada = workflow.register("ada")
    bob = workflow.register("bob")
    import_id = upload(ada.client, unique_cv())
    [row] = workflow.rows(CvImport)
    assert row.owner_id == ada.id

    assert ada.client.get(f"/v1/imports/{import_id}").status_code == 200
    assert workflow.client().get(f"/v1/imports/{import_id}", headers=ada.bearer).status_code == 200
    for stranger in (bob.client, workflow.client(), workflow.hr_user("hilda").client):
        response = stranger.get(f"/v1/imports/{import_id}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
        assert stranger.delete(f"/v1/imports/{import_id}").status_code == 404
    assert ada.client.delete(f"/v1/imports/{import_id}").status_code == 204
    assert workflow.rows(CvImport) == []


def test_an_anonymous_import_stays_reachable_with_its_id(workflow: Workflow):
    import_id = upload(workflow.client(), unique_cv())
    [row] = workflow.rows(CvImport)
    assert row.owner_id is None
    assert workflow.client().get(f"/v1/imports/{import_id}").status_code == 200
    assert workflow.register("ada").client.delete(f"/v1/imports/{import_id}").status_code == 204
