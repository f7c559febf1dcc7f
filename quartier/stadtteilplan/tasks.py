"""Background work of the public offer map (`django.tasks`, run by `manage.py db_worker`).

A resident's appointment request is announced to the project's inbox from here, so
that a slow or unreachable mail server never holds the resident's page. The task gets
the first contact's id only, and the e-mail carries no personal data.

Once a day (`quartier.core.jobs`) the requests that led nowhere are deleted after
their retention period, as the map's consent text promises.
"""

from django.tasks import task

from quartier.core.jobs import daily_job
from quartier.participants.models import FirstContact
from quartier.stadtteilplan.services import appointments as appointment_services


@task()
def notify_appointment_request(first_contact_id: int) -> dict:
    """E-mail the project's inbox that appointment request `first_contact_id` arrived."""
    first_contact = (
        FirstContact.objects.select_related("project", "organisation")
        .filter(pk=first_contact_id)
        .first()
    )
    if first_contact is None:  # deleted before the worker came to it
        return {"first_contact": first_contact_id, "sent": 0}
    sent = appointment_services.appointment_request_notify(first_contact=first_contact)
    return {"first_contact": first_contact_id, "sent": sent}


@daily_job("expired_appointment_requests")
def expire_appointment_requests() -> dict:
    """Delete appointment requests past their retention period (see `services.appointments`)."""
    return {"deleted": appointment_services.appointment_requests_expire()}


# --- flyer: the printable notice, rendered ahead of time (see stadtteilplan/flyer.py) ---
# `flyer` is looked up by name: it reads the public kind names from `forms`, and
# `services.appointments` imports this module, which must not lead services to forms.

_FLYER = "quartier.stadtteilplan.flyer"


@task()
def render_flyer(district_id: int, language: str, content_hash: str = "") -> dict:
    """Render the notice of district `district_id` in `language` and keep it in the
    default storage. `content_hash` is what the content was when the render was queued
    (to tell queued renders apart); the render shows the content current when it runs."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from quartier.core.models import District

    district = District.objects.filter(pk=district_id).first()
    if district is None or language not in dict(settings.LANGUAGES):
        return {"district": district_id, "language": language, "rendered": False}
    result = import_string(f"{_FLYER}.flyer_render")(district, language)
    return {"district": district_id, "language": language, **result}


@daily_job("flyers")
def refresh_flyers() -> dict:
    """Queue a render of every notice of the map that is missing or stale."""
    from django.utils.module_loading import import_string

    return import_string(f"{_FLYER}.flyers_refresh")()


# --- end flyer ---
