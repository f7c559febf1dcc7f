"""Pages for issuing certificates: who is eligible in an offer, issuing a certificate
or a confirmation of participation, one by one or to all who meet the rule. The issued
certificate's own pages are in `views.issued_certificates`.

Thin: reads through `offers.selectors`, writes through `offers.services.certificates`
(`certificate_issue_with_pdf`, `certificate_revoke`).
Offers, enrolments, cases and certificates are looked up through the scoping
functions, so a foreign id is a 404. Pages that show participants write an access-log
entry.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from quartier.core.forms import add_service_error
from quartier.core.pagination import page_query
from quartier.offers.forms.certificates import (
    CertificateIssueForm,
)
from quartier.offers.models import Certificate, CertificateKind, Enrolment, Offer
from quartier.offers.selectors import attendance as attendance_selectors
from quartier.offers.selectors import certificates as certificates_selectors
from quartier.offers.selectors import enrolments as enrolments_selectors
from quartier.offers.selectors import offers as offers_selectors
from quartier.offers.selectors.certificates import Eligibility
from quartier.offers.services import certificates as certificates_services
from quartier.privacy.services.access_log import access_log_record

PAGE_SIZE = 50


def offer_url(offer: Offer) -> str | None:
    """The offer's page in the catalogue, if the catalogue has one."""
    try:
        return reverse("offers:offer_detail", args=[offer.pk])
    except NoReverseMatch:
        return None


@dataclass
class CandidateRow:
    enrolment: Enrolment
    eligibility: Eligibility
    certificates: list[Certificate]
    may_issue: bool

    def _valid(self, kind: str) -> Certificate | None:
        return next(
            (c for c in self.certificates if c.kind == kind and not c.is_revoked),
            None,
        )

    @property
    def valid_certificate(self) -> Certificate | None:
        return self._valid(CertificateKind.CERTIFICATE)

    @property
    def valid_confirmation(self) -> Certificate | None:
        return self._valid(CertificateKind.CONFIRMATION)


class _IssuePermission:
    """`offers.issue_certificate` per enrolment, asked once per owning organisation:
    the rule depends only on the case's project and organisation."""

    def __init__(self, user):
        self.user = user
        self.cache: dict[tuple[int, int], bool] = {}

    def __call__(self, enrolment: Enrolment) -> bool:
        key = (enrolment.case.project_id, enrolment.case.organisation_id)
        if key not in self.cache:
            self.cache[key] = self.user.has_perm("offers.issue_certificate", enrolment)
        return self.cache[key]


@require_GET
def offer_certificates(request, offer_pk: int):
    """Everyone who has started the offer (whom the user may see), whether the offer's
    certificate rule is met, and what was issued."""
    offer = offers_selectors.offer_get(user=request.user, pk=offer_pk)
    candidates = certificates_selectors.certificate_candidates(user=request.user, offer=offer)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    issued = certificates_selectors.certificates_by_enrolment(
        user=request.user, enrolment_ids=[enrolment.pk for enrolment, _e in page.object_list]
    )
    may_issue = _IssuePermission(request.user)
    rows = [
        CandidateRow(enrolment, eligibility, issued.get(enrolment.pk, []), may_issue(enrolment))
        for enrolment, eligibility in page.object_list
    ]
    may_override = bool(rows) and request.user.has_perm(
        "offers.override_certificate_rule", rows[0].enrolment
    )
    access_log_record(
        actor=request.user, action="view", record=offer, detail="certificate eligibility"
    )
    return render(
        request,
        "offers/certificate_candidates.html",
        {
            "offer": offer,
            "offer_url": offer_url(offer),
            "page": page,
            "query_string": page_query(request),
            "rows": rows,
            "eligible_count": sum(1 for _e, eligibility in candidates if eligibility.eligible),
            "may_override": may_override,
            "nav_active": "offers",
        },
    )


@require_http_methods(["GET", "POST"])
def offer_certificates_issue_all(request, offer_pk: int):
    """Certificates for everyone eligible in one step: a confirmation page lists who
    gets one; its POST issues for those listed who are still due (a second submit
    issues nothing twice)."""
    offer = offers_selectors.offer_get(user=request.user, pk=offer_pk)
    if request.method == "POST":
        ids = [value for value in request.POST.getlist("enrolment") if value.isdigit()]
        try:
            result = certificates_services.certificates_issue_for_everyone_eligible(
                actor=request.user, offer=offer, enrolment_ids=ids
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(
                request,
                _("Nothing was issued: %(reason)s")
                % {"reason": " ".join(getattr(error, "messages", [str(error)]))},
            )
            return redirect("offers:offer_certificates_issue_all", offer_pk=offer.pk)
        if result.issued:
            messages.success(
                request,
                ngettext(
                    "%(count)s certificate was issued.",
                    "%(count)s certificates were issued.",
                    len(result.issued),
                )
                % {"count": len(result.issued)},
            )
        if result.skipped:
            messages.info(
                request,
                ngettext(
                    "%(count)s person confirmed already has a certificate or no longer "
                    "meets the rule; nothing was issued twice.",
                    "%(count)s people confirmed already have a certificate or no longer "
                    "meet the rule; nothing was issued twice.",
                    result.skipped,
                )
                % {"count": result.skipped},
            )
        return redirect("offers:offer_certificates", offer_pk=offer.pk)
    due = certificates_selectors.certificates_due(user=request.user, offer=offer)
    access_log_record(
        actor=request.user, action="view", record=offer, detail="certificates for everyone eligible"
    )
    return render(
        request,
        "offers/certificate_issue_all.html",
        {
            "offer": offer,
            "offer_url": offer_url(offer),
            "due": due,
            "rows": [
                (enrolment, eligibility, certificates_services.format_hours(eligibility.hours))
                for enrolment, eligibility in due
            ],
            "nav_active": "offers",
        },
    )


@require_http_methods(["GET", "POST"])
def certificate_issue(request, enrolment_pk: int):
    """Issue a certificate (when the rule is met, or by the project lead with a reason)
    or a confirmation of participation, after a look at what will be printed."""
    enrolment = enrolments_selectors.enrolment_get(user=request.user, pk=enrolment_pk)
    if not request.user.has_perm("offers.issue_certificate", enrolment):
        raise PermissionDenied
    eligibility = certificates_selectors.certificate_eligibility(enrolment)
    may_override = request.user.has_perm("offers.override_certificate_rule", enrolment)
    wanted = request.GET.get("kind")
    if wanted not in CertificateKind.values:
        wanted = (
            CertificateKind.CERTIFICATE
            if eligibility.eligible or may_override
            else CertificateKind.CONFIRMATION
        )
    form = CertificateIssueForm(
        request.POST or None,
        eligible=eligibility.eligible,
        may_override=may_override,
        initial={"kind": wanted},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                certificate = certificates_services.certificate_issue_with_pdf(
                    actor=request.user,
                    enrolment=enrolment,
                    kind=form.cleaned_data["kind"],
                    override_reason=form.cleaned_data.get("override_reason", ""),
                )
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You are not allowed to do this."))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(kind)s %(number)s was issued for %(name)s.")
                    % {
                        "kind": certificates_services.kind_label(certificate.kind),
                        "number": certificate.number,
                        "name": certificate.participant_name,
                    },
                )
                return redirect("offers:certificate_detail", certificate_pk=certificate.pk)
        status = 400
    today = timezone.localdate()
    totals = attendance_selectors.attendance_totals_of_enrolment(enrolment)
    access_log_record(
        actor=request.user,
        action="view",
        record=enrolment,
        project_id=enrolment.offer.project_id,
        organisation_id=enrolment.case.organisation_id,
        detail="certificate issue",
    )
    return render(
        request,
        "offers/certificate_issue.html",
        {
            "enrolment": enrolment,
            "offer": enrolment.offer,
            "participant": enrolment.case.participant,
            "eligibility": eligibility,
            "may_override": may_override,
            "form": form,
            "period_end": min(enrolment.end_date or today, today),
            "hours": certificates_services.format_hours(totals.hours),
            "contents": certificates_services.contents_lines(enrolment.offer.certificate_contents),
            "issued": list(
                certificates_selectors.certificates_visible_to(request.user).filter(
                    enrolment=enrolment
                )
            ),
            "nav_active": "offers",
        },
        status=status,
    )
