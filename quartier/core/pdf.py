"""Printable PDFs from Django templates, rendered with WeasyPrint.

Templates link their stylesheets and images with `{% static %}`. WeasyPrint resolves
those against `PDF_BASE_URL` and asks `LocalStaticFetcher` for them, which reads the
files from the local static files and refuses everything else: rendering a PDF never
opens a network connection and never reads a file outside the static files, whatever
a template (or text typed into a record) points to.
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A host that cannot exist (RFC 2606): relative and root-relative links in a template
# resolve against it, and the fetcher maps it to the static files on disk.
PDF_BASE_URL = "https://quartier.invalid/"


class RefusedResource(ValueError):
    """A PDF template asked for something that is not a local static file."""


def _static_name(url: str) -> str | None:
    """The static file name a URL points to, or None if it is not under STATIC_URL."""
    static_url = settings.STATIC_URL or "/static/"
    parts = urlsplit(url)
    if static_url.startswith(("http://", "https://")):
        # An absolute STATIC_URL (e.g. a CDN) is still served from the local files.
        prefix = static_url
        candidate = f"{parts.scheme}://{parts.netloc}{parts.path}"
    else:
        base = urlsplit(PDF_BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        prefix = "/" + static_url.lstrip("/")
        candidate = parts.path
    if not candidate.startswith(prefix):
        return None
    name = unquote(candidate[len(prefix) :])
    if not name or "\x00" in name or ".." in PurePosixPath(name).parts or name.startswith("/"):
        return None
    return name


def _static_path(name: str) -> str | None:
    """The file on disk for a static name: collected files first (hashed names in
    production), then the app and project static folders (development, tests)."""
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (NotImplementedError, SuspiciousFileOperation):
        pass
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, list):
        found = found[0] if found else None
    return found


class LocalStaticFetcher(URLFetcher):
    """Serves `data:` URLs and static files; every other URL is refused.

    A refused resource raises, which WeasyPrint logs and skips (the PDF is still made).
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        name = _static_name(url)
        path = _static_path(name) if name else None
        if path is None:
            raise RefusedResource(f"PDF rendering fetches only local static files, not {url!r}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template to PDF bytes. Only local static files are loaded."""
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=LocalStaticFetcher())
    return document.write_pdf()
