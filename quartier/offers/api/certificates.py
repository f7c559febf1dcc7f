"""API endpoints of certificates and confirmations of participation: who is
eligible, issuing, reading and revoking. An issued certificate is never changed, so
there is no update; its PDF is printed in the staff pages, whose address each
certificate names."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ErrorOut,
    FilterSchema,
    InputSchema,
    UserRef,
    user_ref,
)
from quartier.offers.api.common import ParticipantRef, found, visible_enrolment, visible_offer
from quartier.offers.models import Certificate, CertificateKind
from quartier.offers.selectors.certificates import (
    certificate_candidates,
    certificate_rows,
    valid_certificates_of,
)
from quartier.offers.services.certificates import (
    certificate_issue_with_pdf,
    certificate_revoke,
    verification_url,
)

router = Router(tags=["certificates"])


class CertificateOut(Schema):
    id: int
    enrolment: int = Field(alias="enrolment_id")
    offer: int = Field(alias="enrolment.offer_id")
    case: int = Field(alias="enrolment.case_id")
    kind: str
    number: str
    issued_on: dt.date
    issued_by: UserRef | None
    period_start: dt.date
    period_end: dt.date
    hours: Decimal
    contents: str
    participant_name: str
    participant_birth_date: dt.date | None
    offer_title: str
    offer_kind: str
    organisation_name: str
    project_name: str
    funder_names: list[str]
    override_reason: str = Field(description="Why it was issued although the rule was not met.")
    revoked: bool = Field(alias="is_revoked")
    revoked_at: dt.datetime | None
    revoked_by: UserRef | None
    revocation_reason: str
    pdf_url: str = Field(
        description="The PDF in the staff pages (login needed): the file stored when it "
        "was first printed, the same text on every reprint."
    )
    verification_url: str = Field(
        description="The public page printed on the certificate that confirms what it states."
    )
    created_at: dt.datetime

    @staticmethod
    def resolve_issued_by(obj):
        return user_ref(obj.issued_by)

    @staticmethod
    def resolve_revoked_by(obj):
        return user_ref(obj.revoked_by)

    @staticmethod
    def resolve_pdf_url(obj):
        path = reverse("offers:certificate_pdf", args=[obj.pk])
        return settings.QUARTIER_BASE_URL + path

    @staticmethod
    def resolve_verification_url(obj):
        return verification_url(obj)


class CertificateFilter(FilterSchema):
    offer: int | None = None
    case: int | None = None
    enrolment: int | None = None
    kind: CertificateKind | None = None
    revoked: bool | None = Field(None, description="true: only revoked; false: only valid.")


class CertificateIn(InputSchema):
    enrolment: int
    kind: CertificateKind = Field(
        CertificateKind.CERTIFICATE,
        description="certificate: when the offer's rule is met; confirmation: for anyone "
        "who has started.",
    )
    issued_on: dt.date | None = Field(None, description="Default: today.")
    override_reason: str = Field(
        "",
        description="A certificate although the rule is not met: the project lead only, "
        "with a reason.",
    )


class RevokeIn(InputSchema):
    reason: str


class CandidateOut(Schema):
    enrolment: int
    case: int
    participant: ParticipantRef
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    eligible: bool
    reason: str = Field(description="Why the rule is met or not.")
    months: int
    hours: Decimal
    rate: Decimal | None = Field(description="Per cent of the sessions attended (rate rule).")
    certificate: int | None = Field(description="Id of the valid certificate already issued.")


def _certificate(user, pk: int) -> Certificate:
    return found(certificate_rows(user=user).filter(pk=pk).first())


@router.get("/certificates/", url_name="certificates", response=list[CertificateOut])
@paginate(PersonalPagination)
def list_certificates(request, filters: Query[CertificateFilter]):
    """Issued certificates and confirmations of participation, newest first."""
    return certificate_rows(
        user=request.auth,
        offer=filters.offer,
        case=filters.case,
        enrolment=filters.enrolment,
        kind=str(filters.kind or ""),
        revoked=filters.revoked,
    )


@router.post(
    "/certificates/",
    url_name="certificates",
    response={201: CertificateOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def issue_certificate(request, payload: CertificateIn):
    """Issue a certificate or a confirmation of participation. What it states is copied
    from the participation now and never changes; a mistake is revoked, not edited."""
    user = request.auth
    enrolment = visible_enrolment(user, payload.enrolment)
    try:
        certificate = certificate_issue_with_pdf(
            actor=user,
            enrolment=enrolment,
            kind=payload.kind,
            override_reason=payload.override_reason,
            issued_on=payload.issued_on,
        )
    except PermissionDenied as refusal:
        # The service says why (the rule is not met, only the lead may override).
        return Status(403, {"detail": str(refusal) or _("You are not allowed to do this.")})
    return Status(201, _certificate(user, certificate.pk))


@router.get(
    "/certificates/{int:certificate_id}/",
    url_name="certificate",
    response={200: CertificateOut, 404: ErrorOut},
)
def get_certificate(request, certificate_id: int):
    return _certificate(request.auth, certificate_id)


@router.post(
    "/certificates/{int:certificate_id}/revoke/",
    url_name="certificate_revoke",
    response={200: CertificateOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def revoke_certificate(request, certificate_id: int, payload: RevokeIn):
    """Withdraw a certificate issued by mistake, with the reason; it stays as issued and
    its verification says it was revoked."""
    user = request.auth
    certificate = _certificate(user, certificate_id)
    certificate_revoke(actor=user, certificate=certificate, reason=payload.reason)
    return _certificate(user, certificate_id)


@router.get(
    "/offers/{int:offer_id}/certificate-candidates/",
    url_name="offer_certificate_candidates",
    response={200: list[CandidateOut], 404: ErrorOut},
)
def list_certificate_candidates(request, offer_id: int):
    """Everyone (you may see) who has started the offer, whether they meet its
    certificate rule, and the certificate already issued."""
    user = request.auth
    candidates = certificate_candidates(user=user, offer=visible_offer(user, offer_id))
    issued = valid_certificates_of(
        enrolment_ids=[enrolment.pk for enrolment, _eligibility in candidates]
    )
    return [
        {
            "enrolment": enrolment.pk,
            "case": enrolment.case_id,
            "participant": enrolment.case.participant,
            "status": enrolment.status,
            "start_date": enrolment.start_date,
            "end_date": enrolment.end_date,
            "eligible": eligibility.eligible,
            "reason": eligibility.reason,
            "months": eligibility.months,
            "hours": eligibility.hours,
            "rate": eligibility.rate,
            "certificate": issued.get(enrolment.pk),
        }
        for enrolment, eligibility in candidates
    ]
