"""The version of the public content, which the cache of public pages and HSDS answers
is keyed by (`views.public_cache`).

One row (`ContentVersion`, pk 1) holds a counter and the moment of the last change.
`bump()` raises it with one UPDATE, in the transaction of the change, so a request
that reads the new version also reads the new data. The signals connected by
`connect()` bump it on every save and delete of what the public side shows (offers,
their places, schedules, holiday exceptions, translations, districts and their
statistics, projects, their consortium and districts, organisations, the public coach
teams); a service that writes with `bulk_create` or `QuerySet.update` calls `bump()`
itself. The taxonomies are code: a deploy changes `BUILD` through the code version.
"""

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from quartier.stadtteilplan.models import ContentVersion

ROW = 1


@dataclass(frozen=True)
class State:
    version: int
    changed_at: dt.datetime


#: The version this process read last, and when (time.monotonic()): for
#: PUBLIC_CACHE_VERSION_SECONDS a warm hit needs no query at all. A bump in this process
#: forgets it at once; another app server's change shows here within those seconds.
_memo: tuple[float, State] | None = None


def current() -> State:
    """The content version, remembered for PUBLIC_CACHE_VERSION_SECONDS (0: read every
    time)."""
    global _memo
    seconds = settings.PUBLIC_CACHE_VERSION_SECONDS
    if seconds > 0:
        memo = _memo
        now = time.monotonic()
        if memo is not None and now - memo[0] < seconds:
            return memo[1]
        state = _read()
        _memo = (now, state)
        return state
    return _read()


def forget() -> None:
    """Read the version from the database at the next request (after a bump here)."""
    global _memo
    _memo = None


def _read() -> State:
    """The content version: one query, written by hand, since a warm cache hit costs
    little more than this (the ORM's compiling would double it)."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {table} WHERE id = %s", [ROW])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return State(0, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    version, changed_at = row
    if isinstance(changed_at, str):  # SQLite
        changed_at = dt.datetime.fromisoformat(changed_at)
    if changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=dt.UTC)
    return State(int(version), changed_at)


def bump(**_ignored) -> None:
    """Mark every cached public page and API answer as stale (one UPDATE)."""
    # (A request of another thread between this UPDATE and the commit may still
    # remember the old version: for PUBLIC_CACHE_VERSION_SECONDS at most.)
    forget()
    now = timezone.now()
    if ContentVersion.objects.filter(pk=ROW).update(version=F("version") + 1, changed_at=now):
        return
    try:
        with transaction.atomic():
            ContentVersion.objects.create(pk=ROW, version=2, changed_at=now)
    except IntegrityError:  # created at the same moment by another request
        ContentVersion.objects.filter(pk=ROW).update(version=F("version") + 1, changed_at=now)


def _bump_on_m2m(action: str, **_ignored) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        bump()


def watched_models() -> list:
    """The models whose rows the public pages or the HSDS API show."""
    from quartier.core.models import (
        District,
        DistrictStatistic,
        Organisation,
        Project,
        ProjectMember,
    )
    from quartier.network.models import CoachTeam, CoachTeamMember
    from quartier.offers.models import (
        Location,
        Offer,
        OfferTranslation,
        Schedule,
        ScheduleException,
    )

    return [
        Offer,
        OfferTranslation,
        Location,
        Schedule,
        ScheduleException,
        District,
        DistrictStatistic,
        Organisation,
        Project,
        ProjectMember,
        CoachTeam,
        CoachTeamMember,
    ]


def connect() -> None:
    """Bump the version on every save and delete of a watched model (from apps.ready)."""
    from quartier.core.models import Project
    from quartier.offers.models import Offer

    for model in watched_models():
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
    for through in (Offer.locations.through, Project.districts.through):
        m2m_changed.connect(
            _bump_on_m2m,
            sender=through,
            dispatch_uid=f"public-cache-{through._meta.label_lower}",
            weak=False,
        )
