"""Pages of the certificates: who is eligible in an offer, issuing a certificate or a
confirmation of participation, the issued certificate with its PDF, revoking, a
case's certificates, and the public verification page.

Thin: reads through `offers.selectors` and `offers.certificates`, writes through the
services (`certificates.certificate_issue_with_pdf`, `services.certificate_revoke`).
Offers, enrolments, cases and certificates are looked up through the scoping
functions, so a foreign id is a 404. Pages that show participants write an access-log
entry.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from quartier.cases.selectors.cases import case_get
from quartier.offers import certificates, selectors, services
from quartier.offers.certificate_forms import (
    CertificateIssueForm,
    CertificateNameCheckForm,
    CertificateRevokeForm,
    add_service_error,
)
from quartier.offers.models import Certificate, CertificateKind, Enrolment, Offer
from quartier.offers.selectors import Eligibility
from quartier.privacy.services import access_log_record

PAGE_SIZE = 50


def offer_url(offer: Offer) -> str | None:
    """The offer's page in the catalogue, if the catalogue has one."""
    try:
        return reverse("offers_catalogue:offer_detail", args=[offer.pk])
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
    offer = selectors.offer_get(user=request.user, pk=offer_pk)
    candidates = selectors.certificate_candidates(user=request.user, offer=offer)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    issued = certificates.certificates_by_enrolment(
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
    offer = selectors.offer_get(user=request.user, pk=offer_pk)
    if request.method == "POST":
        ids = [value for value in request.POST.getlist("enrolment") if value.isdigit()]
        try:
            result = certificates.certificates_issue_for_everyone_eligible(
                actor=request.user, offer=offer, enrolment_ids=ids
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(
                request,
                _("Nothing was issued: %(reason)s")
                % {"reason": " ".join(getattr(error, "messages", [str(error)]))},
            )
            return redirect("offers_certificate:offer_certificates_issue_all", offer_pk=offer.pk)
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
        return redirect("offers_certificate:offer_certificates", offer_pk=offer.pk)
    due = selectors.certificates_due(user=request.user, offer=offer)
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
                (enrolment, eligibility, certificates.format_hours(eligibility.hours))
                for enrolment, eligibility in due
            ],
            "nav_active": "offers",
        },
    )


@require_http_methods(["GET", "POST"])
def certificate_issue(request, enrolment_pk: int):
    """Issue a certificate (when the rule is met, or by the project lead with a reason)
    or a confirmation of participation, after a look at what will be printed."""
    enrolment = selectors.enrolment_get(user=request.user, pk=enrolment_pk)
    if not request.user.has_perm("offers.issue_certificate", enrolment):
        raise PermissionDenied
    eligibility = selectors.certificate_eligibility(enrolment)
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
                certificate = certificates.certificate_issue_with_pdf(
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
                        "kind": certificates.kind_label(certificate.kind),
                        "number": certificate.number,
                        "name": certificate.participant_name,
                    },
                )
                return redirect("offers_certificate:certificate_detail", pk=certificate.pk)
        status = 400
    today = timezone.localdate()
    totals = selectors.attendance_totals_of_enrolment(enrolment)
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
            "hours": certificates.format_hours(totals.hours),
            "contents": certificates.contents_lines(enrolment.offer.certificate_contents),
            "issued": list(
                selectors.certificates_visible_to(request.user).filter(enrolment=enrolment)
            ),
            "nav_active": "offers",
        },
        status=status,
    )


def _certificate(request, pk: int) -> Certificate:
    return certificates.certificate_get_for_page(user=request.user, pk=pk)


def _log(request, certificate: Certificate, action: str, detail: str = "") -> None:
    access_log_record(
        actor=request.user,
        action=action,
        record=certificate,
        project_id=certificate.enrolment.offer.project_id,
        organisation_id=certificate.enrolment.case.organisation_id,
        detail=detail,
    )


@require_GET
def certificate_detail(request, pk: int):
    certificate = _certificate(request, pk)
    _log(request, certificate, "view")
    enrolment = certificate.enrolment
    return render(
        request,
        "offers/certificate_detail.html",
        {
            "certificate": certificate,
            "enrolment": enrolment,
            "case": enrolment.case,
            "offer": enrolment.offer,
            "hours": certificates.format_hours(certificate.hours),
            "contents": certificates.contents_lines(certificate.contents),
            "verification_url": certificates.verification_url(certificate),
            "may_revoke": not certificate.is_revoked
            and request.user.has_perm("offers.issue_certificate", enrolment),
        },
    )


@require_GET
@never_cache
def certificate_pdf(request, pk: int):
    """The certificate's PDF as it was issued (the stored file)."""
    certificate = _certificate(request, pk)
    content = certificates.certificate_pdf_content(certificate=certificate)
    _log(request, certificate, "print", "certificate pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificates.download_name(certificate)}"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk: int):
    certificate = _certificate(request, pk)
    if not request.user.has_perm("offers.issue_certificate", certificate.enrolment):
        raise PermissionDenied
    if certificate.is_revoked:
        messages.info(request, _("This certificate was already revoked."))
        return redirect("offers_certificate:certificate_detail", pk=certificate.pk)
    form = CertificateRevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.certificate_revoke(
                    actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(number)s was revoked. The verification page now says so.")
                    % {"number": certificate.number},
                )
                return redirect("offers_certificate:certificate_detail", pk=certificate.pk)
        status = 400
    return render(
        request,
        "offers/certificate_revoke.html",
        {"certificate": certificate, "form": form},
        status=status,
    )


@require_GET
def case_certificates(request, case_pk: int):
    """A case's certificates and confirmations, and its offers to issue one for."""
    case = case_get(user=request.user, pk=case_pk)
    issued = certificates.certificates_of_case(user=request.user, case=case)
    enrolments = [
        enrolment
        for enrolment in selectors.enrolments_of_case(user=request.user, case=case)
        if enrolment.start_date is not None
    ]
    access_log_record(actor=request.user, action="view", record=case, detail="certificates")
    return render(
        request,
        "offers/certificate_case_list.html",
        {
            "case": case,
            "participant": case.participant,
            "certificates": issued,
            "enrolments": enrolments,
            "may_issue": request.user.has_perm("cases.change_case", case),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def certificate_verify(request, token: str):
    """Public (no login): whether a certificate with this verification code exists and
    is valid. Shows what it certifies, not who: the participant's name is only
    compared with the name a visitor enters, and the birth date is never shown."""
    certificate = selectors.certificate_for_verification(token)
    if certificate is None:
        response = render(request, "offers/certificate_verify.html", {"found": False}, status=404)
    else:
        form = CertificateNameCheckForm(request.POST or None)
        name_result = None
        if request.method == "POST" and form.is_valid():
            name_result = certificates.name_matches(certificate, form.cleaned_data["name"])
        access_log_record(
            actor=request.user,
            action="view",
            record=certificate,
            project_id=certificates.project_id_of(certificate),
            detail="public verification" + (" with name check" if name_result is not None else ""),
        )
        response = render(
            request,
            "offers/certificate_verify.html",
            {
                "found": True,
                "certificate": certificate,
                "form": form,
                "name_result": name_result,
            },
            status=400 if request.method == "POST" and not form.is_valid() else 200,
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
