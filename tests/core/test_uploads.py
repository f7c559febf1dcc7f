"""Uploads are checked by their content, stored outside the web root and served only
through permission-checked views, as attachments the browser does not sniff.

The case documents are the only upload that is served back (quartier/cases); the
participant list waits in MEDIA_ROOT/imports/ until it is read and is never served;
certificate PDFs are written by the app. The content checks themselves are tested in
tests/cases/views/test_documents.py; here, the attacks: a web page or a script under a
document's name and type, a polyglot, and the ways round the download view.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.views.static import serve

from quartier.cases.models import Document
from quartier.core.models import Role
from quartier.core.urlwalk import walk
from tests.factories import CaseFactory

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
#: What the browser would render as a page, under names and types of accepted documents.
DISGUISED = [
    ("lebenslauf.pdf", HTML, "application/pdf"),
    ("foto.png", HTML, "image/png"),
    (
        "zeugnis.docx",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        "image/svg+xml",
    ),
    ("brief.pdf", b"  \n<html>%PDF-1.4 trailer</html>", "application/pdf"),
    ("bild.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg"),
    ("tabelle.xlsx", b"PK\x03\x04<html><script>alert(1)</script>", "application/vnd.ms-excel"),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


def _files(root) -> list[Path]:
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "claimed_type"), DISGUISED)
def test_a_page_or_script_under_a_document_name_is_refused(
    world, case, login, media_root, name, content, claimed_type
):
    client = login(world.member(Role.CASE_WORKER, world.org_a))
    response = client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"kind": "cv", "file": SimpleUploadedFile(name, content, content_type=claimed_type)},
    )
    assert response.status_code in (200, 400), response.status_code
    assert not Document.objects.exists()
    assert _files(media_root) == []


@pytest.mark.django_db
def test_a_polyglot_pdf_is_stored_as_pdf_and_served_as_an_attachment(world, case, login):
    """A file that is a PDF by its signature and carries a web page stays a PDF: stored
    under a random name with the detected type, answered as an attachment that the
    browser may not sniff into HTML."""
    client = login(world.member(Role.CASE_WORKER, world.org_a))
    content = b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"
    client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"kind": "cv", "file": SimpleUploadedFile("x.html", content, content_type="text/html")},
    )
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert not document.file.name.endswith((".html", ".htm"))
    assert "x.html" not in document.file.name
    response = client.get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_document_is_served_only_to_who_may_see_the_case(world, case, login):
    from tests.cases.views.test_documents import pdf_bytes

    client = login(world.member(Role.CASE_WORKER, world.org_a))
    client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", pdf_bytes())},
    )
    document = Document.objects.get()
    url = reverse("cases:document_download", args=[case.pk, document.pk])
    for role, organisation in (
        (Role.CASE_WORKER, world.org_b),
        (Role.EVALUATOR, world.org_a),
        (Role.DATA_PROTECTION_OFFICER, world.org_b),
    ):
        assert login(world.member(role, organisation)).get(url).status_code in (403, 404)
    # Another case's id with this document's id: not found.
    other = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    other_url = reverse("cases:document_download", args=[other.pk, document.pk])
    assert login(world.member(Role.CASE_WORKER, world.org_a)).get(other_url).status_code == 404


def test_media_is_outside_the_web_root():
    media = Path(settings.MEDIA_ROOT).resolve()
    static = Path(settings.STATIC_ROOT).resolve()
    assert not media.is_relative_to(static)
    assert not static.is_relative_to(media)
    for entry in settings.STATICFILES_DIRS:
        folder = Path(entry[1] if isinstance(entry, tuple) else entry).resolve()
        assert not media.is_relative_to(folder)
        assert not folder.is_relative_to(media)


def test_no_url_serves_files_from_media_or_a_folder():
    """No `static()`/`serve` route: uploads are read only by views that check."""
    media_url = "/" + (settings.MEDIA_URL or "").strip("/")
    offenders = []
    for route in walk():
        if media_url != "/" and route.path.startswith(media_url + "/"):
            offenders.append(route.path)
    from django.urls import get_resolver

    def callbacks(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from callbacks(pattern)
            else:
                yield pattern

    offenders += [str(p.pattern) for p in callbacks(get_resolver()) if p.callback is serve]
    assert offenders == []


@pytest.mark.django_db
def test_media_urls_are_not_served(world, login, client):
    """A guessed path under MEDIA_URL answers 404, logged in or not (whitenoise serves
    only the collected static files)."""
    user = world.member(Role.CASE_WORKER, world.org_a)
    for path in (f"{settings.MEDIA_URL}documents/x.pdf", "/media/imports/x.csv"):
        assert client.get(path).status_code in (302, 404)
        assert login(user).get(path).status_code == 404
