"""The right of access (Art. 15): the ZIP of everything stored about a person, as a
download. POST only (it writes to the access log); a GET answers 405."""

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from quartier.privacy.selectors.persons import persons_visible_to
from quartier.privacy.services.person_export import person_export_write

#: Up to this size the ZIP stays in memory; beyond, it is spooled to a temporary file.
SPOOL_MEMORY = 8 * 1024 * 1024


def export_file_name(participant) -> str:
    """auskunft-<participant number>-<date>.zip"""
    number = slugify(participant.external_id) or str(participant.pk)
    return f"auskunft-{number}-{timezone.localdate().isoformat()}.zip"


@require_POST
@never_cache
def person_export(request, participant_pk: int):
    participant = get_object_or_404(
        persons_visible_to(request.user).select_related("project", "organisation"),
        pk=participant_pk,
    )
    if not request.user.has_perm("privacy.export_person_data", participant):
        raise PermissionDenied
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY)  # noqa: SIM115 (the response closes it)
    try:
        person_export_write(actor=request.user, participant=participant, target=spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=export_file_name(participant),
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
