"""Certificates: eligibility, the certificates due, reads for the staff pages and
the public verification page."""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.cases.selectors.cases import cases_visible_to
from quartier.offers import schedules
from quartier.offers.models import (
    Certificate,
    CertificateKind,
    CertificateRule,
    Enrolment,
    EnrolmentStatus,
    Offer,
)
from quartier.offers.numbers import short_number
from quartier.offers.selectors.attendance import (
    AttendanceTotals,
    attendance_totals_by_enrolment,
    attendance_totals_of_enrolment,
)
from quartier.offers.selectors.enrolments import enrolments_visible_to

# Certificates -----------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """Whether an enrolment meets its offer's certificate rule, and why (not)."""

    eligible: bool
    reason: str
    months: int = 0
    hours: Decimal = Decimal(0)
    rate: Decimal | None = None


def months_taken_part(start: dt.date, end: dt.date) -> int:
    """Full months from `start` to `end`, both days included (1 March–30 June: 4)."""
    if end < start:
        return 0
    delta = relativedelta(end + dt.timedelta(days=1), start)
    return delta.years * 12 + delta.months


def certificate_eligibility(
    enrolment: Enrolment,
    *,
    today: dt.date | None = None,
    totals: AttendanceTotals | None = None,
) -> Eligibility:
    """Check the offer's certificate rule for one enrolment: months between start and
    end (or today), attended hours, or the share of the sessions attended. Pass
    `totals` from `attendance_totals_by_enrolment` to check a whole list cheaply."""
    today = today or timezone.localdate()
    offer = enrolment.offer
    if enrolment.status == EnrolmentStatus.WAITING or enrolment.start_date is None:
        return Eligibility(False, _("The person is on the waiting list and has not started."))
    if enrolment.start_date > today:
        return Eligibility(False, _("The participation has not started yet."))
    end = min(enrolment.end_date or today, today)
    totals = totals if totals is not None else attendance_totals_of_enrolment(enrolment)
    months = months_taken_part(enrolment.start_date, end)
    hours = totals.hours
    if offer.certificate_rule == CertificateRule.HOURS:
        minimum = offer.certificate_min_hours or Decimal(0)
        if hours >= minimum:
            return Eligibility(
                True,
                _("Attended %(hours)s of %(min)s hours.")
                % {"hours": short_number(hours), "min": short_number(minimum)},
                months,
                hours,
            )
        return Eligibility(
            False,
            _("Attended %(hours)s hours; the certificate needs %(min)s.")
            % {"hours": short_number(hours), "min": short_number(minimum)},
            months,
            hours,
        )
    if offer.certificate_rule == CertificateRule.RATE:
        held = len(schedules.occurrences(offer, enrolment.start_date, end))
        if not held:
            return Eligibility(False, _("No session has taken place yet."), months, hours)
        rate = (Decimal(totals.present) * 100 / held).quantize(Decimal("0.1"))
        minimum = offer.certificate_min_rate or Decimal(0)
        if rate >= minimum:
            return Eligibility(
                True,
                _("Attended %(rate)s %% of the sessions (at least %(min)s %% needed).")
                % {"rate": short_number(rate), "min": short_number(minimum)},
                months,
                hours,
                rate,
            )
        return Eligibility(
            False,
            _("Attended %(rate)s %% of the sessions; the certificate needs %(min)s %%.")
            % {"rate": short_number(rate), "min": short_number(minimum)},
            months,
            hours,
            rate,
        )
    needed = offer.certificate_min_months
    if months >= needed:
        return Eligibility(
            True,
            ngettext(
                "Took part for %(months)s month (at least %(min)s needed).",
                "Took part for %(months)s months (at least %(min)s needed).",
                months,
            )
            % {"months": months, "min": needed},
            months,
            hours,
        )
    return Eligibility(
        False,
        ngettext(
            "Took part for %(months)s full month; the certificate needs %(min)s.",
            "Took part for %(months)s full months; the certificate needs %(min)s.",
            months,
        )
        % {"months": months, "min": needed},
        months,
        hours,
    )


def certificate_candidates(*, user, offer: Offer) -> list[tuple[Enrolment, Eligibility]]:
    """Everyone (whom the user may see) who has started the offer, with their eligibility;
    the attendance totals come from one grouped query."""
    enrolments = list(
        enrolments_visible_to(user)
        .filter(offer=offer)
        .exclude(status=EnrolmentStatus.WAITING)
        .select_related("offer", "case", "case__participant")
        .order_by("case__participant__last_name", "case__participant__first_name", "id")
    )
    totals = attendance_totals_by_enrolment(enrolment.pk for enrolment in enrolments)
    return [
        (
            enrolment,
            certificate_eligibility(enrolment, totals=totals.get(enrolment.pk, AttendanceTotals())),
        )
        for enrolment in enrolments
    ]


def certificates_due(*, user, offer: Offer) -> list[tuple[Enrolment, Eligibility]]:
    """Those who meet the offer's certificate rule, have no valid certificate yet and
    for whom the user may issue one: who "issue for everyone eligible" issues for."""
    candidates = [
        (enrolment, eligibility)
        for enrolment, eligibility in certificate_candidates(user=user, offer=offer)
        if eligibility.eligible
    ]
    holding = set(
        Certificate.objects.filter(
            enrolment__in=[enrolment for enrolment, _e in candidates],
            kind=CertificateKind.CERTIFICATE,
            revoked_at__isnull=True,
        ).values_list("enrolment_id", flat=True)
    )
    allowed: dict[tuple[int, int], bool] = {}  # the rule depends on project and organisation

    def may_issue(enrolment: Enrolment) -> bool:
        key = (enrolment.case.project_id, enrolment.case.organisation_id)
        if key not in allowed:
            allowed[key] = user.has_perm("offers.issue_certificate", enrolment)
        return allowed[key]

    return [
        (enrolment, eligibility)
        for enrolment, eligibility in candidates
        if enrolment.pk not in holding and may_issue(enrolment)
    ]


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrolment__case__in=cases_visible_to(user))


def certificate_get(*, user, pk: int) -> Certificate:
    return get_object_or_404(
        certificates_visible_to(user).select_related("enrolment", "issued_by"), pk=pk
    )


def certificate_for_verification(token: str) -> Certificate | None:
    """The certificate behind a verification URL (public, no login), or None. The public
    page shows only what is printed on the certificate and whether it was revoked."""
    if not token or len(token) > 64:
        return None
    return Certificate.objects.filter(verification_token=token).first()


# Reads for the staff pages ------------------------------------------------------------


def certificates_by_enrolment(*, user, enrolment_ids) -> dict[int, list[Certificate]]:
    """The certificates (revoked ones too, newest first) of some enrolments, in one query."""
    grouped: dict[int, list[Certificate]] = {}
    for certificate in certificates_visible_to(user).filter(enrolment_id__in=list(enrolment_ids)):
        grouped.setdefault(certificate.enrolment_id, []).append(certificate)
    return grouped


def certificate_get_for_page(*, user, pk: int) -> Certificate:
    """One certificate the user may see, with its enrolment, case and offer, or 404."""
    return get_object_or_404(
        certificates_visible_to(user).select_related(
            "enrolment",
            "enrolment__offer",
            "enrolment__case",
            "enrolment__case__participant",
            "issued_by",
            "revoked_by",
        ),
        pk=pk,
    )


def certificates_of_case(*, user, case) -> list[Certificate]:
    return list(
        certificates_visible_to(user)
        .filter(enrolment__case=case)
        .select_related("enrolment", "enrolment__offer")
        .order_by("-issued_on", "-id")
    )


# The public verification page --------------------------------------------------------


def project_id_of(certificate: Certificate) -> int | None:
    """For the access log of the public page (the certificate stores no project)."""
    return (
        Enrolment.objects.filter(pk=certificate.enrolment_id)
        .values_list("offer__project_id", flat=True)
        .first()
    )


def _normalised_name(name: str) -> str:
    """Lower case, single spaces, no accents: "AYSE  YILMAZ" finds "Ayşe Yılmaz"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("İ", "I"))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(letters.casefold().split())


def name_matches(certificate: Certificate, name: str) -> bool:
    """Whether `name` is the name printed on the certificate (case, spacing and accents
    aside, as people type names they read). Only someone who holds the certificate,
    and so its secret URL, can ask."""
    wanted = _normalised_name(name)
    return bool(wanted) and wanted == _normalised_name(certificate.participant_name)


# Certificates -------------------------------------------------------------------------


def certificate_rows(
    *,
    user,
    offer: int | None = None,
    case: int | None = None,
    enrolment: int | None = None,
    kind: str = "",
    revoked: bool | None = None,
) -> QuerySet[Certificate]:
    """Certificates of the cases the user may see, newest first."""
    certificates = certificates_visible_to(user)
    if offer is not None:
        certificates = certificates.filter(enrolment__offer_id=offer)
    if case is not None:
        certificates = certificates.filter(enrolment__case_id=case)
    if enrolment is not None:
        certificates = certificates.filter(enrolment_id=enrolment)
    if kind:
        certificates = certificates.filter(kind=kind)
    if revoked is not None:
        certificates = certificates.filter(revoked_at__isnull=not revoked)
    return certificates.select_related("enrolment", "issued_by", "revoked_by").order_by(
        "-issued_on", "-id"
    )


def valid_certificates_of(*, enrolment_ids: list[int]) -> dict[int, int]:
    """The id of the valid (not revoked) certificate of each of the enrolments that has
    one, in one query. The caller passes enrolments the user may see."""
    rows = (
        Certificate.objects.filter(
            enrolment_id__in=enrolment_ids,
            kind=CertificateKind.CERTIFICATE,
            revoked_at__isnull=True,
        )
        .order_by("id")
        .values_list("enrolment_id", "id")
    )
    return dict(rows)
