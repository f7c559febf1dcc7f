"""Pages of an issued certificate: the certificate with its PDF, revoking it, a case's
certificates, and the public verification page.

Thin: reads through `offers.selectors` and `offers.certificates`, writes through
`certificates_services.certificate_revoke`. Certificates and cases are looked up through the scoping
functions, so a foreign id is a 404. Pages that show participants write an access-log
entry.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from quartier.cases.selectors.cases import case_get
from quartier.core.forms import add_service_error
from quartier.offers.forms.certificates import (
    CertificateNameCheckForm,
    CertificateRevokeForm,
)
from quartier.offers.models import Certificate
from quartier.offers.selectors import certificates as certificates_selectors
from quartier.offers.selectors import enrolments as enrolments_selectors
from quartier.offers.services import certificates as certificates_services
from quartier.privacy.services.access_log import access_log_record


def _certificate(request, pk: int) -> Certificate:
    return certificates_selectors.certificate_get_for_page(user=request.user, pk=pk)


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
def certificate_detail(request, certificate_pk: int):
    certificate = _certificate(request, certificate_pk)
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
            "hours": certificates_services.format_hours(certificate.hours),
            "contents": certificates_services.contents_lines(certificate.contents),
            "verification_url": certificates_services.verification_url(certificate),
            "may_revoke": not certificate.is_revoked
            and request.user.has_perm("offers.issue_certificate", enrolment),
        },
    )


@require_GET
@never_cache
def certificate_pdf(request, certificate_pk: int):
    """The certificate's PDF as it was issued (the stored file)."""
    certificate = _certificate(request, certificate_pk)
    content = certificates_services.certificate_pdf_content(certificate=certificate)
    _log(request, certificate, "print", "certificate pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificates_services.download_name(certificate)}"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def certificate_revoke(request, certificate_pk: int):
    certificate = _certificate(request, certificate_pk)
    if not request.user.has_perm("offers.issue_certificate", certificate.enrolment):
        raise PermissionDenied
    if certificate.is_revoked:
        messages.info(request, _("This certificate was already revoked."))
        return redirect("offers:certificate_detail", certificate_pk=certificate.pk)
    form = CertificateRevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                certificates_services.certificate_revoke(
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
                return redirect("offers:certificate_detail", certificate_pk=certificate.pk)
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
    issued = certificates_selectors.certificates_of_case(user=request.user, case=case)
    enrolments = [
        enrolment
        for enrolment in enrolments_selectors.enrolments_of_case(user=request.user, case=case)
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
    certificate = certificates_selectors.certificate_for_verification(token)
    if certificate is None:
        response = render(request, "offers/certificate_verify.html", {"found": False}, status=404)
    else:
        form = CertificateNameCheckForm(request.POST or None)
        name_result = None
        if request.method == "POST" and form.is_valid():
            name_result = certificates_selectors.name_matches(
                certificate, form.cleaned_data["name"]
            )
        access_log_record(
            actor=request.user,
            action="view",
            record=certificate,
            project_id=certificates_selectors.project_id_of(certificate),
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
