"""Documents in the case file: upload checked by content and size, download, delete, scoping."""

import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

from quartier.cases.models import Document
from quartier.cases.services import document_types as document_type_services
from quartier.cases.services import documents as document_services
from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


# Real files, built here -------------------------------------------------------------


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format=image_format)
    return buffer.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Lebenslauf</w:t></w:r></w:p></w:body></w:document>",
        )
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 32)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Zeugnisnoten"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored, first
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ole_bytes(*streams: str) -> bytes:
    """A minimal OLE compound file (512-byte sectors): FAT in sector 0, directory in 1."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts in sector 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<IIII", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for index, (name, kind) in enumerate([("Root Entry", 5), *[(s, 2) for s in streams]]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le")
        entry[: len(encoded)] = encoded
        struct.pack_into("<HB", entry, 0x40, len(encoded) + 2, kind)
        directory[index * 128 : (index + 1) * 128] = entry
    return bytes(header) + fat + bytes(directory)


EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode." * 4


# Fixtures -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


def upload(client, case, name: str, content: bytes, **data):
    return client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {
            "kind": data.get("kind", "cv"),
            "title": data.get("title", ""),
            "file": SimpleUploadedFile(name, content),
        },
    )


def make_document(case, user, name="lebenslauf.pdf", content=None) -> Document:
    return document_services.document_create(
        actor=user,
        case=case,
        upload=SimpleUploadedFile(name, content or pdf_bytes()),
        kind="cv",
        title="Lebenslauf",
    )


# Upload --------------------------------------------------------------------------------


def test_case_worker_uploads_a_pdf_stored_under_a_random_name(case, worker, login, media_root):
    content = pdf_bytes()
    response = upload(login(worker), case, "Lebenslauf Müller.pdf", content, title="Mein CV")
    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert document.original_name == "Lebenslauf Müller.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(content)
    assert document.title == "Mein CV"
    assert document.kind == "cv"
    assert document.created_by == worker
    assert "Lebenslauf" not in document.file.name
    assert document.file.name.startswith(f"cases/{case.pk}/")
    [stored] = stored_files(media_root)
    assert stored.read_bytes() == content


@pytest.mark.parametrize(
    ("name", "build", "content_type"),
    [
        ("zeugnis.png", lambda: image_bytes("PNG"), "image/png"),
        ("scan.jpg", lambda: image_bytes("JPEG"), "image/jpeg"),
        ("foto.webp", lambda: image_bytes("WEBP"), "image/webp"),
        ("lebenslauf.docx", docx_bytes, document_type_services.DOCX.content_type),
        ("noten.xlsx", xlsx_bytes, document_type_services.XLSX.content_type),
        ("brief.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
        (
            "alt.doc",
            lambda: ole_bytes("WordDocument", "\x05SummaryInformation"),
            "application/msword",
        ),
        ("alt.xls", lambda: ole_bytes("Workbook"), "application/vnd.ms-excel"),
    ],
)
def test_allowed_types_are_recognised_by_content(case, worker, name, build, content_type):
    document = document_services.document_create(
        actor=worker, case=case, upload=SimpleUploadedFile(name, build()), kind="other"
    )
    assert document.content_type == content_type


def test_a_file_larger_than_the_memory_buffer_is_stored_whole(case, worker, login, media_root):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): Django spools it to a temporary file.
    content = pdf_bytes() + b"%" * (3 * 1024 * 1024)
    assert upload(login(worker), case, "scan.pdf", content).status_code == 302
    document = Document.objects.get()
    assert document.size == len(content)
    [stored] = stored_files(media_root)
    assert stored.stat().st_size == len(content)


def test_a_failed_database_write_leaves_no_file_behind(case, worker, media_root, monkeypatch):
    from django.db import IntegrityError

    original_save = Document.save

    def save_then_fail(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        raise IntegrityError("simulated")

    monkeypatch.setattr(Document, "save", save_then_fail)
    with pytest.raises(IntegrityError):
        make_document(case, worker)
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_the_name_does_not_decide_the_type(case, worker):
    document = make_document(case, worker, name="zeugnis.docx", content=image_bytes("PNG"))
    assert document.content_type == "image/png"
    assert document_type_services.document_download_name(document) == "zeugnis.docx.png"


def test_a_program_renamed_to_pdf_is_refused_with_a_clear_message(case, worker, login, media_root):
    response = upload(login(worker), case, "bewerbung.pdf", EXE)
    assert response.status_code == 400
    assert "bewerbung.pdf" in response.text
    assert "a program" in response.text or "ein Programm" in response.text
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "build", "code"),
    [
        ("lebenslauf.docx", lambda: docx_bytes(macros=True), "macros"),
        ("archiv.docx", lambda: _zip_of("a.txt"), "type"),
        ("kaputt.docx", lambda: b"PK\x03\x04" + b"\x00" * 200, "damaged"),
        ("setup.doc", lambda: ole_bytes("SummaryInformation", "Property"), "type"),
        ("geheim.docx", lambda: ole_bytes("EncryptedPackage", "EncryptionInfo"), "encrypted"),
        ("notiz.pdf", lambda: b"Nur ein Text, kein PDF.\n", "type"),
        ("leer.pdf", lambda: b"", "empty"),
        ("bild.gif.html", lambda: b"<html><script>alert(1)</script></html>", "type"),
    ],
)
def test_refused_contents(case, worker, media_root, name, build, code):
    with pytest.raises(document_type_services.RefusedFile) as refused:
        document_services.document_create(
            actor=worker, case=case, upload=SimpleUploadedFile(name, build()), kind="other"
        )
    assert refused.value.error_dict["file"][0].code == code
    assert name in refused.value.error_dict["file"][0].message
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def _zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@override_settings(QUARTIER_DOCUMENT_MAX_MB=1)
def test_the_service_refuses_a_file_over_the_limit(case, worker, media_root):
    big = pdf_bytes() + b"%" * (1024 * 1024)
    with pytest.raises(document_type_services.RefusedFile) as refused:
        document_services.document_create(
            actor=worker, case=case, upload=SimpleUploadedFile("gross.pdf", big), kind="other"
        )
    assert "at most 1 MB" in refused.value.error_dict["file"][0].message
    assert stored_files(media_root) == []


@override_settings(QUARTIER_DOCUMENT_MAX_MB=1)
def test_an_upload_just_over_the_limit_is_stopped_while_reading(case, worker, login, media_root):
    # Over 1 MB but within the multipart allowance: the upload handler stops it.
    big = pdf_bytes() + b"%" * (1024 * 1024 + 1000)
    response = upload(login(worker), case, "scan.pdf", big)
    assert response.status_code == 413
    assert "scan.pdf" in response.text
    assert "1 MB" in response.text
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


@override_settings(QUARTIER_DOCUMENT_MAX_MB=1)
def test_an_upload_far_over_the_limit_is_refused_by_its_length(case, worker, login, media_root):
    big = pdf_bytes() + b"%" * (3 * 1024 * 1024)
    response = upload(login(worker), case, "scan.pdf", big)
    assert response.status_code == 413
    assert "1 MB" in response.text
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


class UnreadableBody:
    """A request body that fails the test if anyone reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the upload body was read")

    readline = read


def test_a_200_mb_upload_is_refused_without_reading_the_body(case, worker, login):
    client = login(worker)
    response = client.generic(
        "POST",
        reverse("cases:document_upload", args=[case.pk]),
        b"",
        content_type="multipart/form-data; boundary=quartierboundary",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    text = response.text.replace("\xa0", " ")
    assert "200,0 MB" in text or "200.0 MB" in text
    assert "20 MB" in text
    assert not Document.objects.exists()


def test_the_limit_defaults_to_20_mb(settings):
    del settings.QUARTIER_DOCUMENT_MAX_MB
    assert document_services.document_max_bytes() == 20 * 1024 * 1024


# Download ------------------------------------------------------------------------------


def test_download_is_an_attachment_with_the_original_name_and_logged(case, worker, login):
    document = make_document(case, worker, name="Zeugnis Grundschule.pdf")
    response = login(worker).get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Zeugnis" in response["Content-Disposition"]
    assert (
        b"".join(response.streaming_content)
        == document.file.storage.open(document.file.name).read()
    )
    entry = AccessLogEntry.objects.get(action="download")
    assert (entry.user, entry.record_type, entry.record_id) == (
        worker,
        "cases.document",
        document.pk,
    )
    assert (entry.project_id, entry.organisation_id) == (case.project_id, case.organisation_id)


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH, Role.EMPLOYER_LIAISON])
def test_roles_without_case_access_cannot_download(world, case, worker, login, role):
    document = make_document(case, worker)
    other = world.member(role, world.org_a)
    response = login(other).get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action="download").exists()


def test_a_missing_file_is_a_404_with_a_message(case, worker, login):
    document = make_document(case, worker)
    document.file.storage.delete(document.file.name)
    response = login(worker).get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 404


# Foreign ids -----------------------------------------------------------------------------


@pytest.fixture
def foreign_user(world):
    """A case worker of the partner organisation in the same project."""
    return world.member(Role.CASE_WORKER, world.org_b)


def test_another_organisations_case_is_404_for_every_document_url(
    case, worker, foreign_user, login, media_root
):
    document = make_document(case, worker)
    client = login(foreign_user)
    urls = [
        ("get", reverse("cases:document_list", args=[case.pk])),
        ("get", reverse("cases:document_download", args=[case.pk, document.pk])),
        ("get", reverse("cases:document_delete", args=[case.pk, document.pk])),
        ("post", reverse("cases:document_delete", args=[case.pk, document.pk])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    response = upload(client, case, "cv.pdf", pdf_bytes())
    assert response.status_code == 404
    assert Document.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_a_document_of_another_case_is_404_under_the_own_case(world, case, worker, login):
    own_other = CaseFactory(
        participant__project=world.project, participant__organisation=world.org_a
    )
    document = make_document(own_other, worker)
    client = login(worker)
    assert (
        client.get(reverse("cases:document_download", args=[case.pk, document.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("cases:document_delete", args=[case.pk, document.pk])).status_code
        == 404
    )
    assert Document.objects.filter(pk=document.pk).exists()


def test_other_projects_case_is_404(world, login, worker):
    foreign = CaseFactory(participant__project=world.other_project)
    client = login(worker)
    assert client.get(reverse("cases:document_list", args=[foreign.pk])).status_code == 404
    assert upload(client, foreign, "cv.pdf", pdf_bytes()).status_code == 404


# Delete ----------------------------------------------------------------------------------


def test_get_on_delete_only_asks(case, worker, login):
    document = make_document(case, worker, name="anschreiben.pdf")
    response = login(worker).get(reverse("cases:document_delete", args=[case.pk, document.pk]))
    assert response.status_code == 200
    assert "anschreiben.pdf" in response.text
    assert Document.objects.filter(pk=document.pk).exists()


def test_delete_removes_row_and_file_after_commit(
    case, worker, login, media_root, django_capture_on_commit_callbacks
):
    document = make_document(case, worker)
    path = Path(document.file.path)
    assert path.exists()
    client = login(worker)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("cases:document_delete", args=[case.pk, document.pk]))
        assert response.status_code == 302
        assert not Document.objects.filter(pk=document.pk).exists()
        assert path.exists(), "the file stays until the deletion is committed"
    for callback in callbacks:
        callback()
    assert not path.exists()
    assert stored_files(media_root) == []


# Pages -----------------------------------------------------------------------------------


def test_documents_page_lists_documents_with_who_and_size(case, worker, login):
    worker.full_name = "Dana Beraterin"
    worker.save()
    make_document(case, worker, name="zeugnis.pdf")
    response = login(worker).get(reverse("cases:document_list", args=[case.pk]))
    assert response.status_code == 200
    assert "zeugnis.pdf" in response.text
    assert "Dana Beraterin" in response.text
    assert reverse("cases:document_upload", args=[case.pk]) in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert AccessLogEntry.objects.filter(action="view", record_id=case.pk).exists()


def test_empty_documents_page_says_what_to_do(case, worker, login):
    response = login(worker).get(reverse("cases:document_list", args=[case.pk]))
    assert 'class="empty-state"' in response.text
    assert 'type="file"' in response.text


def test_the_case_partial_renders_with_documents_and_case(case, worker, rf):
    from django.template.loader import render_to_string

    make_document(case, worker, name="bewerbung.pdf")
    request = rf.get("/")
    request.user = worker
    html = render_to_string(
        "documents/_case_documents.html",
        {"case": case, "documents": list(case.documents.all())},
        request=request,
    )
    assert "bewerbung.pdf" in html
    assert reverse("cases:document_list", args=[case.pk]) in html
    assert reverse("cases:document_delete", args=[case.pk, case.documents.get().pk]) in html


def test_original_name_is_cleaned_of_folders_and_control_characters():
    assert (
        document_type_services.clean_original_name("C:\\Users\\x\\Lebens\x00lauf.pdf")
        == "Lebenslauf.pdf"
    )
    assert document_type_services.clean_original_name("../../etc/passwd") == "passwd"
    assert document_type_services.clean_original_name("   ") == "dokument"
    long = document_type_services.clean_original_name("a" * 400 + ".pdf")
    assert len(long) <= 255
    assert long.endswith(".pdf")


# CSRF still applies: the upload view is exempt from the middleware only to install the
# size guard before the body is read, then checks the token itself.


@pytest.fixture
def csrf_client(worker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _csrf_token(client, case) -> str:
    client.get(reverse("cases:document_list", args=[case.pk]))
    return client.cookies["csrftoken"].value


def test_upload_without_csrf_token_is_refused(case, csrf_client, media_root):
    response = upload(csrf_client, case, "cv.pdf", pdf_bytes())
    assert response.status_code == 403
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_upload_with_csrf_token_is_accepted(case, csrf_client):
    token = _csrf_token(csrf_client, case)
    response = csrf_client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {
            "csrfmiddlewaretoken": token,
            "kind": "cv",
            "title": "",
            "file": SimpleUploadedFile("cv.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    assert Document.objects.count() == 1


@override_settings(QUARTIER_DOCUMENT_MAX_MB=1)
def test_size_guard_works_with_csrf_checks(case, csrf_client, media_root):
    token = _csrf_token(csrf_client, case)
    response = csrf_client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {
            "csrfmiddlewaretoken": token,
            "kind": "cv",
            "title": "Zeugnis",
            "file": SimpleUploadedFile("scan.pdf", pdf_bytes() + b"%" * (1024 * 1024 + 10)),
        },
    )
    assert response.status_code == 413
    assert "scan.pdf" in response.text
    assert 'value="Zeugnis"' in response.text
    assert stored_files(media_root) == []
