"""Which uploads the case file accepts, told by their content.

Uploads are checked by their content, never by their name: PDF, PNG, JPEG, WebP and
GIF by their signature (the `filetype` package), the office formats by their
structure (an OOXML zip with `[Content_Types].xml` and its main part, an OpenDocument
zip with its `mimetype` entry, a legacy Word or Excel file by the streams in its OLE
directory). Plain text is not accepted: by content it cannot be told apart from a
script or a web page. The stored content type is the detected one and the stored file
name is random (`models.document_path`); the original name is kept in the row only.
"""

import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quartier.cases.models import Document


@dataclass(frozen=True)
class DocumentType:
    content_type: str
    extensions: tuple[str, ...]  # the first is the canonical one


PDF = DocumentType("application/pdf", ("pdf",))


PNG = DocumentType("image/png", ("png",))


JPEG = DocumentType("image/jpeg", ("jpg", "jpeg"))


WEBP = DocumentType("image/webp", ("webp",))


GIF = DocumentType("image/gif", ("gif",))


DOCX = DocumentType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
)


XLSX = DocumentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))


PPTX = DocumentType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)
)


ODT = DocumentType("application/vnd.oasis.opendocument.text", ("odt",))


ODS = DocumentType("application/vnd.oasis.opendocument.spreadsheet", ("ods",))


DOC = DocumentType("application/msword", ("doc",))


XLS = DocumentType("application/vnd.ms-excel", ("xls",))


DOCUMENT_TYPES = (PDF, PNG, JPEG, WEBP, GIF, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS)


_BY_SIGNATURE = {t.content_type: t for t in (PDF, PNG, JPEG, WEBP, GIF)}


# OOXML: the part that makes the package a document of each kind.
_OOXML_MAIN_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)


_ODF_TYPES = {t.content_type: t for t in (ODT, ODS)}


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_OLE_STREAMS = (("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS))


_HEAD_BYTES = 8192


_MAX_ZIP_ENTRIES = 10_000


def allowed_types_text() -> str:
    return _(
        "Allowed are PDF, images (PNG, JPEG, WebP, GIF) and office documents "
        "(Word DOCX and DOC, Excel XLSX and XLS, PowerPoint PPTX, OpenDocument ODT and ODS)."
    )


def accept_attribute() -> str:
    """For the file input's `accept`: a hint for the file picker, not a check."""
    return ",".join(f".{ext}" for t in DOCUMENT_TYPES for ext in t.extensions)


class RefusedFile(ValidationError):
    pass


def _refuse(message: str, code: str) -> RefusedFile:
    return RefusedFile({"file": ValidationError(message, code=code)})


def _zip_type(upload, name: str) -> DocumentType:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ZIP_ENTRIES:
                raise zipfile.BadZipFile("too many entries")
            names = {info.filename for info in infos}
            # OpenDocument: the first entry is "mimetype", stored uncompressed.
            first = infos[0] if infos else None
            if first is not None and first.filename == "mimetype" and first.file_size < 100:
                mimetype = archive.read(first).decode("ascii", "replace").strip()
                if mimetype in _ODF_TYPES:
                    if any(n.lower().startswith("basic/") for n in names):
                        raise _refuse(_macro_message(name), "macros")
                    return _ODF_TYPES[mimetype]
            if "[Content_Types].xml" in names:
                if any(PurePosixPath(n).name.lower() == "vbaproject.bin" for n in names):
                    raise _refuse(_macro_message(name), "macros")
                for part, document_type in _OOXML_MAIN_PARTS:
                    if part in names:
                        return document_type
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError, NotImplementedError):
        raise _refuse(
            _(
                "“%(name)s” is damaged or not a complete office document. "
                "Please save it again and upload it once more."
            )
            % {"name": name},
            "damaged",
        ) from None
    raise _refuse(_not_allowed_message(name, "zip"), "type")


def _macro_message(name: str) -> str:
    return _(
        "“%(name)s” contains macros, which could run programs. Please save it without "
        "macros (for example as .docx or .xlsx) and upload it again."
    ) % {"name": name}


def ole_stream_names(upload, *, max_sectors: int = 4096) -> set[str]:
    """The names in an OLE compound file's directory (Word 97–2003, Excel 97–2003, …).

    Follows the directory's sector chain through the FAT; bounded, so a crafted file
    cannot make it loop.
    """
    upload.seek(0)
    header = upload.read(512)
    if len(header) < 512 or header[:8] != _OLE_MAGIC:
        return set()
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        return set()
    sector_size = 1 << sector_shift
    (first_dir_sector,) = struct.unpack_from("<I", header, 0x30)
    first_difat, difat_count = struct.unpack_from("<II", header, 0x44)
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < 0xFFFFFFFA]
    per_sector = sector_size // 4

    def read_sector(number: int) -> bytes:
        upload.seek((number + 1) * sector_size)
        data = upload.read(sector_size)
        if len(data) < sector_size:
            raise EOFError
        return data

    difat_sector, seen = first_difat, 0
    while difat_sector < 0xFFFFFFFA and seen < min(difat_count, max_sectors):
        values = struct.unpack(f"<{per_sector}I", read_sector(difat_sector))
        fat_sectors.extend(v for v in values[:-1] if v < 0xFFFFFFFA)
        difat_sector, seen = values[-1], seen + 1

    def next_sector(number: int) -> int:
        index, offset = divmod(number, per_sector)
        if index >= len(fat_sectors):
            return 0xFFFFFFFE
        return struct.unpack_from("<I", read_sector(fat_sectors[index]), offset * 4)[0]

    names: set[str] = set()
    sector, visited = first_dir_sector, 0
    while sector < 0xFFFFFFFA and visited < max_sectors:
        data = read_sector(sector)
        for start in range(0, sector_size, 128):
            entry = data[start : start + 128]
            name_length = struct.unpack_from("<H", entry, 0x40)[0]
            if 2 <= name_length <= 64:
                names.add(entry[: name_length - 2].decode("utf-16-le", "replace"))
        sector, visited = next_sector(sector), visited + 1
    return names


def _ole_type(upload, name: str) -> DocumentType:
    try:
        streams = ole_stream_names(upload)
    except (EOFError, OSError, struct.error):
        streams = set()
    if "EncryptedPackage" in streams:
        raise _refuse(
            _(
                "“%(name)s” is protected with a password. Please remove the password and "
                "upload it again."
            )
            % {"name": name},
            "encrypted",
        )
    if "_VBA_PROJECT_CUR" in streams or "Macros" in streams:
        raise _refuse(_macro_message(name), "macros")
    for stream, document_type in _OLE_STREAMS:
        if stream in streams:
            return document_type
    raise _refuse(_not_allowed_message(name, "ole"), "type")


def _not_allowed_message(name: str, detected: str | None) -> str:
    if detected in ("exe", "elf", "dmg", "msi", "sh"):
        what = _("a program")
    elif detected in ("zip", "rar", "7z", "tar", "gz", "bz2", "xz"):
        what = _("an archive")
    elif detected == "ole":
        what = _("a Microsoft compound file that is neither a Word nor an Excel document")
    elif detected:
        what = _("a .%(extension)s file") % {"extension": detected}
    else:
        what = None
    if what:
        message = _("“%(name)s” cannot be uploaded: by its content it is %(what)s.") % {
            "name": name,
            "what": what,
        }
    else:
        message = _(
            "“%(name)s” cannot be uploaded: its content is not one of the accepted types."
        ) % {"name": name}
    return f"{message} {allowed_types_text()}"


def detect_document_type(upload, *, name: str) -> DocumentType:
    """The type of an uploaded file by its content; `RefusedFile` if it is not allowed."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    if not head:
        raise _refuse(_("“%(name)s” is empty.") % {"name": name}, "empty")
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload, name)
    if head.startswith(_OLE_MAGIC):
        return _ole_type(upload, name)
    guess = filetype.guess(head)
    if guess is not None and guess.mime in _BY_SIGNATURE:
        return _BY_SIGNATURE[guess.mime]
    detected = guess.extension if guess is not None else None
    if detected is None and head.startswith(b"MZ"):
        detected = "exe"
    elif detected is None and head.startswith(b"#!"):
        detected = "sh"
    raise _refuse(_not_allowed_message(name, detected), "type")


def clean_original_name(name: str) -> str:
    """The file name without any folder, control characters or surrounding blanks."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if not name:
        return "dokument"
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 250 - len(extension)]}.{extension}" if dot and extension else name[:255]
    return name


def document_download_name(document: Document) -> str:
    """The original name, with the detected type's extension added if the name lacks it,
    so that the computer opens the file with the right program."""
    name = document.original_name
    document_type = next(
        (t for t in DOCUMENT_TYPES if t.content_type == document.content_type), None
    )
    if document_type is None:
        return name
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension in document_type.extensions:
        return name
    return f"{name}.{document_type.extensions[0]}"
