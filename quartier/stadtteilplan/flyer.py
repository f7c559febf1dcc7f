"""The printable notice (Aushang) of a district's offers: an A4 PDF in one language, for
the café's notice board. The weekly times are written out in words ("Mondays,
9:00–12:00"), single dates as the next dates; a QR code leads to the district's page
in the same language.

A PDF takes a moment to render, and the URL is public: no resident waits for it.
Notices are rendered ahead of time by a task (`tasks.render_flyer`) and kept in the
default storage (a shared MEDIA_ROOT or S3, never an app server's disk) under the
district, the language and a hash over what the notice shows (`content_hashes`). The
view serves the stored notice; when the content has changed since, it serves the last
one and queues a new render; when there is none yet, a "being prepared" page. A change
of an offer, its times, translations or places, or of the district, its projects and
organisations queues renders once the transaction commits (`connect_signals`), at most
one waiting render per district and language; a daily job renders whatever is missing
or stale. A notice holds at most `MAX_OFFERS` offers (the rest are on the web page).
"""

import datetime as dt
import functools
import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import django
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, router, transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.tasks import TaskResultStatus, task_backends
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from quartier.core.models import District, Organisation, Project, ProjectMember
from quartier.core.pdf import render_pdf
from quartier.offers import schedules
from quartier.offers.models import (
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
)
from quartier.offers.services.certificates import qr_code_data_uri
from quartier.stadtteilplan import selectors
from quartier.stadtteilplan.forms import PUBLIC_KINDS
from quartier.stadtteilplan.language import (
    content_language,
    html_lang,
    list_separators,
    ltr_isolated,
)

logger = logging.getLogger(__name__)

TEMPLATE = "stadtteilplan/pdf/flyer.html"
STYLESHEET = "stadtteilplan/flyer.css"
MAX_OFFERS = 40
#: How many single dates of an offer the notice lists.
MAX_DATES = 3
#: Where the rendered notices are kept in the default storage:
#: `<folder>/<district id>/<language>/<content hash>.pdf`.
STORAGE_FOLDER = "stadtteilplan/flyers"
#: Raise when the notice changes in a way neither the data nor the template shows.
FORMAT_VERSION = 2
#: A render that has been running longer than this is taken for dead (its worker was
#: killed): a new one may be queued beside it.
RENDER_TIMEOUT = dt.timedelta(minutes=10)

WEEKDAYS_PLURAL = (
    _("Mondays"),
    _("Tuesdays"),
    _("Wednesdays"),
    _("Thursdays"),
    _("Fridays"),
    _("Saturdays"),
    _("Sundays"),
)


def _time(value: dt.time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _times(schedule: Schedule) -> str:
    """The time range, isolated left to right: "9:00–12:00" also in Arabic text."""
    return ltr_isolated(f"{_time(schedule.start_time)}–{_time(schedule.end_time)}")


def _day(value: dt.date) -> str:
    comma, _semicolon = list_separators()
    return f"{date_format(value, 'l')}{comma}{date_format(value, 'DATE_FORMAT')}"


def schedule_in_words(schedule: Schedule, *, today: dt.date) -> str | None:
    """A weekly schedule in words in the active language, e.g. "Mondays, Wednesdays,
    9:00–12:00, every 2 weeks, until 30 June 2026"; None for a single date or a
    schedule that has ended."""
    if schedule.kind != Schedule.Kind.WEEKLY or not schedule.weekdays:
        return None
    if schedule.valid_until and schedule.valid_until < today:
        return None
    comma, _semicolon = list_separators()
    days = comma.join(str(WEEKDAYS_PLURAL[day]) for day in sorted(schedule.weekdays))
    parts = [gettext("%(days)s, %(times)s") % {"days": days, "times": _times(schedule)}]
    interval = schedule.interval or 1
    if interval > 1:
        parts.append(
            ngettext("every %(count)s week", "every %(count)s weeks", interval)
            % {"count": interval}
        )
    if schedule.valid_from and schedule.valid_from > today:
        parts.append(gettext("from %(date)s") % {"date": date_format(schedule.valid_from)})
    if schedule.valid_until:
        parts.append(gettext("until %(date)s") % {"date": date_format(schedule.valid_until)})
    text = comma.join(parts)
    if schedule.location:
        text += f" · {ltr_isolated(schedule.location.name)}"
    return text


def offer_times(offer: Offer, *, today: dt.date) -> list[str]:
    """When the offer takes place, in words: its weekly times, then its next single
    dates (at most MAX_DATES)."""
    lines = [
        text
        for schedule in offer.schedules.all()
        if (text := schedule_in_words(schedule, today=today))
    ]
    single = [
        session
        for session in schedules.occurrences(offer, today, today + dt.timedelta(days=365))
        if session.schedule.kind == Schedule.Kind.ONE_OFF
    ][:MAX_DATES]
    comma, _semicolon = list_separators()
    lines += [f"{_day(session.date)}{comma}{_times(session.schedule)}" for session in single]
    return lines


def _row(offer: Offer, language: str, today: dt.date) -> dict:
    text = offer.text_in(language)
    return {
        "offer": offer,
        "text": text,
        "kind": PUBLIC_KINDS.get(offer.kind, offer.get_kind_display()),
        "times": offer_times(offer, today=today),
        "places": list(offer.locations.all()),
        "phone": offer.contact_phone or offer.organisation.phone,
        "email": offer.contact_email or offer.organisation.email,
    }


def district_url(district: District) -> str:
    """The district page's address, as printed (from QUARTIER_BASE_URL, never the
    request's host)."""
    return settings.QUARTIER_BASE_URL + reverse("stadtteilplan:offer_list", args=[district.slug])


def district_url_in(district: District, language: str) -> str:
    """The district page opened in `language` (through the language switch), for the
    QR code: a reader of an Arabic notice lands on the Arabic page."""
    query = urlencode(
        {"lang": language, "next": reverse("stadtteilplan:offer_list", args=[district.slug])}
    )
    return f"{settings.QUARTIER_BASE_URL}{reverse('stadtteilplan:language')}?{query}"


def flyer_context(district: District, language: str, *, today: dt.date) -> dict:
    """What the notice shows, read in `language` (call inside translation.override)."""
    offer_language = content_language(language)
    offers = list(selectors.district_offers(district, offer_language).order_by("title", "pk"))
    rows = [_row(offer, offer_language, today) for offer in offers]
    rows.sort(key=lambda row: (row["text"].title.casefold(), row["offer"].pk))
    return {
        "district": district,
        "language": language,
        "html_lang": html_lang(language),
        "rtl": language in settings.LANGUAGES_BIDI,
        "comma": list_separators(language)[0],
        "semicolon": list_separators(language)[1],
        "rows": rows[:MAX_OFFERS],
        "more": max(0, len(rows) - MAX_OFFERS),
        "contact_points": selectors.contact_points(district),
        "url": district_url(district),
        "qr_code": qr_code_data_uri(district_url_in(district, language)),
        "printed": date_format(today, "DATE_FORMAT"),
    }


# What the notice shows, as a hash ------------------------------------------------------


@functools.cache
def _design_digest(language: str) -> str:
    """The template, its stylesheet, the language's message catalogue and Django's own
    (dates): a release that changes any of them makes the notices stale."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}:{django.__version__}:{language}".encode())
    files = [get_template(TEMPLATE).origin.name, finders.find(STYLESHEET)]
    locale = translation.to_locale(language)
    files += [
        Path(folder) / locale / "LC_MESSAGES" / "django.mo" for folder in settings.LOCALE_PATHS
    ]
    for name in files:
        path = Path(str(name)) if name else None
        if path and path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp(queryset) -> tuple:
    """How many rows, their ids and their last change: any row added, removed or saved
    changes it."""
    figures = queryset.aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"))
    return (figures["n"], figures["ids"], figures["last"])


def content_hashes(
    district: District, *, languages: list[str] | None = None, today: dt.date | None = None
) -> dict[str, str]:
    """The hash over what the notice of `district` shows, per language (all of the map's
    by default): the published offers, their times, exceptions, places, organisations,
    the translations in the notice's language, the district, its projects and contact
    points, which dates have passed, the template and the message catalogue. Read from
    change stamps in a few aggregate queries, without rendering anything.

    The printed date is left out (a notice rendered last week that shows the same
    offers is current) except for the month: a notice is printed anew at least monthly."""
    today = today or timezone.localdate()
    languages = languages or [code for code, _name in settings.LANGUAGES]
    offer_ids = selectors.district_offers(district, "de").values("pk")
    horizon = today + dt.timedelta(days=365)
    schedules_here = Schedule.objects.filter(offer__in=offer_ids)
    passing = schedules_here.aggregate(
        dates=Count("pk", filter=Q(date__gte=today, date__lte=horizon)),
        running=Count("pk", filter=Q(valid_until__gte=today)),
        started=Count("pk", filter=Q(valid_from__lte=today)),
    )
    places = Location.objects.filter(Q(district=district) | Q(offers__in=offer_ids)).values("pk")
    projects = Project.objects.filter(districts=district).values("pk")
    organisations = Organisation.objects.filter(
        Q(offers__in=offer_ids) | Q(projects__in=projects)
    ).values("pk")
    shared = repr(
        [
            (district.pk, district.slug, district.name, district.city, district.updated_at),
            (settings.QUARTIER_BASE_URL, MAX_OFFERS, MAX_DATES, today.strftime("%Y-%m")),
            _stamp(Offer.objects.filter(pk__in=offer_ids)),
            _stamp(schedules_here),
            sorted(passing.items()),
            _stamp(ScheduleException.objects.filter(schedule__offer__in=offer_ids)),
            ScheduleException.objects.filter(
                schedule__offer__in=offer_ids, date__gte=today
            ).count(),
            _stamp(Location.objects.filter(pk__in=places)),
            _stamp(Project.objects.filter(pk__in=projects)),
            _stamp(ProjectMember.objects.filter(project__in=projects)),
            _stamp(Organisation.objects.filter(pk__in=organisations)),
        ]
    )
    translations = {
        row["language"]: (row["n"], row["ids"], row["last"])
        for row in OfferTranslation.objects.filter(offer__in=offer_ids)
        .values("language")
        .annotate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"))
        .order_by()
    }
    hashes = {}
    for language in languages:
        own = translations.get(content_language(language))
        text = f"{shared}|{language}|{own!r}|{_design_digest(language)}"
        hashes[language] = hashlib.sha256(text.encode()).hexdigest()[:32]
    return hashes


# Stored notices ----------------------------------------------------------------------


def flyer_folder(district_id: int, language: str) -> str:
    return f"{STORAGE_FOLDER}/{district_id}/{language}"


def flyer_name(district_id: int, language: str, content_hash: str) -> str:
    """The storage name of the notice of a district in a language for one content."""
    return f"{flyer_folder(district_id, language)}/{content_hash}.pdf"


def _complete(pdf: bytes) -> bool:
    """A whole PDF (a file still being written to a shared folder is not)."""
    return pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]


def _read(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as stored:
            pdf = stored.read()
    except (FileNotFoundError, OSError):
        return None
    return pdf if _complete(pdf) else None


def _stored_names(district_id: int, language: str) -> list[str]:
    """The notices kept for a district in a language, newest first."""
    folder = flyer_folder(district_id, language)
    try:
        _folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{folder}/{file}" for file in files if file.endswith(".pdf")]

    def modified(name: str) -> float:
        try:
            return default_storage.get_modified_time(name).timestamp()
        except (FileNotFoundError, OSError):
            return 0.0

    return sorted(names, key=modified, reverse=True)


@dataclass(frozen=True)
class StoredFlyer:
    pdf: bytes
    name: str
    #: True when it shows the current content; False for an older one.
    current: bool


def stored_flyer(district: District, language: str, content_hash: str) -> StoredFlyer | None:
    """The stored notice for the current content, else the newest older one, else None."""
    name = flyer_name(district.pk, language, content_hash)
    if default_storage.exists(name) and (pdf := _read(name)) is not None:
        return StoredFlyer(pdf=pdf, name=name, current=True)
    for older in _stored_names(district.pk, language):
        if older != name and (pdf := _read(older)) is not None:
            return StoredFlyer(pdf=pdf, name=older, current=False)
    return None


def flyer_render(district: District, language: str, *, today: dt.date | None = None) -> dict:
    """Render the notice of the current content and keep it in the default storage;
    the older notices of the district in that language are deleted afterwards. A notice
    already stored for the current content is left alone. Runs in the worker
    (`tasks.render_flyer`), never in a request."""
    today = today or timezone.localdate()
    content_hash = content_hashes(district, languages=[language], today=today)[language]
    name = flyer_name(district.pk, language, content_hash)
    rendered = False
    if not (default_storage.exists(name) and _read(name) is not None):
        with translation.override(language):
            pdf = render_pdf(TEMPLATE, flyer_context(district, language, today=today))
        if default_storage.exists(name):  # an incomplete or concurrent one
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(pdf))
        if saved != name:  # another worker saved the same content at the same moment
            default_storage.delete(saved)
        rendered = True
    for older in _stored_names(district.pk, language):
        if older != name:
            default_storage.delete(older)
    return {"name": name, "rendered": rendered, "content_hash": content_hash}


# Queueing renders ------------------------------------------------------------------------

# Any constant: the PostgreSQL advisory lock (with the district's id) under which "is a
# render waiting? if not, queue one" runs.
_QUEUE_LOCK = 0x0F_1E_12


def flyer_render_queue(district_id: int, language: str, content_hash: str):
    """Queue the render of a district's notice in a language, unless one is already
    waiting (it renders the content current when it runs, whatever changed since) or
    one for this very content is running. Returns the task result, or None when
    nothing was queued.

    With a backend that runs tasks at once (the tests' immediate backend) the render
    happens here."""
    from quartier.stadtteilplan.tasks import render_flyer

    kwargs = {"district_id": district_id, "language": language, "content_hash": content_hash}
    backend = task_backends[render_flyer.backend]
    if not isinstance(backend, DatabaseBackend):
        return render_flyer.enqueue(**kwargs)
    using = router.db_for_write(DBTaskResult)
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_QUEUE_LOCK, district_id])
        # SQLite's transactions begin IMMEDIATE (config/settings.py): writers take turns.
        renders = DBTaskResult.objects.using(using).filter(
            backend_name=render_flyer.backend,
            task_path=render_flyer.module_path,
            args_kwargs__kwargs__district_id=district_id,
            args_kwargs__kwargs__language=language,
        )
        waiting = renders.filter(status=TaskResultStatus.READY)
        running = renders.filter(
            status=TaskResultStatus.RUNNING,
            args_kwargs__kwargs__content_hash=content_hash,
            started_at__gte=timezone.now() - RENDER_TIMEOUT,
        )
        if waiting.exists() or running.exists():
            return None
        return render_flyer.enqueue(**kwargs)


def flyers_refresh(districts=None, *, today: dt.date | None = None) -> dict:
    """Queue a render of every notice that is missing or stale: of `districts` (ids or
    districts; by default every district of the map), in every language of the map."""
    if districts is None:
        districts = selectors.public_districts()
    else:
        ids = [getattr(district, "pk", district) for district in districts]
        districts = District.objects.filter(pk__in=ids).order_by("pk")
    summary = {"districts": 0, "current": 0, "queued": 0, "waiting": 0}
    for district in districts:
        summary["districts"] += 1
        for language, content_hash in content_hashes(district, today=today).items():
            name = flyer_name(district.pk, language, content_hash)
            if default_storage.exists(name):
                summary["current"] += 1
            elif flyer_render_queue(district.pk, language, content_hash) is None:
                summary["waiting"] += 1
            else:
                summary["queued"] += 1
    return summary


# Content changes -------------------------------------------------------------------------

_changed = threading.local()


def _districts_of_offers(offer_ids) -> set[int]:
    """Where offers are shown: the districts of their places, and of their projects (an
    offer without a place is shown in its project's districts)."""
    by_place = Location.objects.filter(offers__in=offer_ids).values_list("district_id", flat=True)
    by_project = Project.districts.through.objects.filter(
        project__offers__in=offer_ids
    ).values_list("district_id", flat=True)
    return {pk for pk in [*by_place, *by_project] if pk}


def _affected_districts(instance) -> set[int]:
    if isinstance(instance, Offer):
        return _districts_of_offers([instance.pk])
    if isinstance(instance, Schedule | OfferTranslation):
        return _districts_of_offers([instance.offer_id])
    if isinstance(instance, ScheduleException):
        return _districts_of_offers(
            Schedule.objects.filter(pk=instance.schedule_id).values("offer")
        )
    if isinstance(instance, Location):
        return {instance.district_id} | _districts_of_offers(instance.offers.values("pk"))
    if isinstance(instance, District):
        return {instance.pk}
    if isinstance(instance, Project):
        return set(instance.districts.values_list("pk", flat=True))
    if isinstance(instance, ProjectMember):
        return set(
            Project.districts.through.objects.filter(project_id=instance.project_id).values_list(
                "district_id", flat=True
            )
        )
    if isinstance(instance, Organisation):
        return set(
            Project.districts.through.objects.filter(project__organisations=instance).values_list(
                "district_id", flat=True
            )
        ) | _districts_of_offers(instance.offers.values("pk"))
    return set()


def _queue_changed() -> None:
    """After the commit: queue renders for the districts changed in this thread."""
    district_ids = getattr(_changed, "districts", set())
    _changed.districts = set()
    if district_ids:
        try:
            flyers_refresh(sorted(district_ids))
        except Exception:  # a failed queue must not break the staff's save
            logger.exception("Queueing the notices of districts %s failed.", sorted(district_ids))


def _content_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loading a fixture
        return
    backend = task_backends["default"]
    if not backend.supports_defer:
        # The immediate backend (tests, a laptop without a worker) would render here, in
        # the saving request: the notice is rendered when it is first asked for instead.
        return
    districts = _affected_districts(instance)
    if not districts:
        return
    if not hasattr(_changed, "districts"):
        _changed.districts = set()
    _changed.districts |= districts
    transaction.on_commit(_queue_changed)


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    # Before a removal (the rows are still there) and after an addition.
    if action in ("pre_remove", "pre_clear", "post_add", "post_remove"):
        _content_changed(sender, instance)


def connect_signals() -> None:
    """Queue renders when what a notice shows changes (called from the app's `ready`)."""
    for model in (
        Offer,
        Schedule,
        ScheduleException,
        OfferTranslation,
        Location,
        District,
        Project,
        ProjectMember,
        Organisation,
    ):
        uid = f"stadtteilplan_flyer_{model.__name__}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_saved")
        pre_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    for through in (Offer.locations.through, Project.districts.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"flyer_{through.__name__}")
