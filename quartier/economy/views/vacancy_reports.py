"""Vacancies employers report: the public form "Stelle oder Praktikumsplatz melden"
with its thank-you page, and the inbox where the employer liaison confirms or
rejects them.

The public form is sent without Django's CSRF protection on purpose, like the offer
map's appointment request: that protection needs a cookie, and the employer has no
account. It is protected by the signed, timestamped one-time token, the honeypot, the
rate limit per address, the cross-site check (`stadtteilplan.services.spam_protection`)
and the refusal of a submission with a web address in every text field. The page
speaks German unless the visitor chose another staff language.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from quartier.core.forms import save_versioned_form
from quartier.core.models import Project
from quartier.core.pagination import page_query
from quartier.economy.forms.vacancy_reports import (
    HONEYPOT,
    ReportConfirmForm,
    ReportRejectForm,
    VacancyReportForm,
    token_scope,
)
from quartier.economy.models import Vacancy
from quartier.economy.selectors import vacancies as selectors
from quartier.economy.services import vacancy_reports as services
from quartier.economy.views.vacancies import import_context
from quartier.stadtteilplan.services import spam_protection

logger = logging.getLogger(__name__)

#: Counter names of the rate limit (apart from the appointment requests' ones).
SENT = "vacancy_report_sent"
SUBMITTED = "vacancy_report_submitted"
REPORTS_PER_HOUR = 5
COMPANY_FIELDS = ("company", "postcode", "city", "contact_name", "email", "phone")
JOB_FIELDS = ("title", "kind", "hours_per_week", "start_date", "description")


def _public_language(request) -> str:
    """German, unless the visitor chose another language of the site."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    available = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in available else "de"


def _project(project_slug: str) -> Project:
    project = Project.objects.filter(slug=project_slug).first()
    if project is None or project.lead_organisation is None:
        raise Http404
    return project


def _refusal(request, project, *, status: int, reason: str):
    response = render(
        request,
        "economy/vacancies/report_refused.html",
        {"project": project, "reason": reason},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(spam_protection.WINDOW_SECONDS)
    return response


def _is_limited(request) -> bool:
    return (
        spam_protection.count(request, SENT) >= REPORTS_PER_HOUR
        or spam_protection.count(request, SUBMITTED) >= spam_protection.SUBMISSIONS_PER_HOUR
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def vacancy_report(request, project_slug: str):
    """Report a vacancy or an internship place (public, no account).

    csrf_exempt and never_cache for the reasons of the offer map's appointment
    request: no cookie to check, and a one-time token must not be served twice."""
    project = _project(project_slug)
    return _in_public_language(request, lambda: _vacancy_report(request, project))


def _in_public_language(request, respond):
    language = _public_language(request)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = respond()
    response.headers["Content-Language"] = language
    return response


def _vacancy_report(request, project):
    scope = token_scope(project)
    if request.method == "POST":
        if spam_protection.is_cross_site(request):
            logger.info("Vacancy report refused: sent from another site.")
            return _refusal(request, project, status=403, reason="cross_site")
        if _is_limited(request) or not spam_protection.take(
            request, SUBMITTED, spam_protection.SUBMISSIONS_PER_HOUR
        ):
            logger.info("Vacancy report refused: rate limit of one address reached.")
            return _refusal(request, project, status=429, reason="too_many")
        form = VacancyReportForm(request.POST, scope=scope)
        if form.is_bot:
            spam_protection.record(request, SENT)
            logger.info("Vacancy report dropped: honeypot field %r filled.", HONEYPOT)
            return redirect("economy:vacancy_report_thanks", project.slug)
        if form.is_valid():
            if not spam_protection.claim(form.token):
                # The same form sent twice (a double click): one report, same answer.
                return redirect("economy:vacancy_report_thanks", project.slug)
            if not spam_protection.take(request, SENT, REPORTS_PER_HOUR):
                spam_protection.release(form.token)
                return _refusal(request, project, status=429, reason="too_many")
            try:
                services.vacancy_report_create(project=project, **form.report_fields())
            except ValidationError as error:
                spam_protection.release(form.token)
                spam_protection.give_back(request, SENT)
                form.add_error(None, error)
            else:
                return redirect("economy:vacancy_report_thanks", project.slug)
        elif form.has_error("__all__", "spam"):
            logger.info("Vacancy report refused as spam: web addresses in every field.")
    else:
        form = VacancyReportForm(scope=scope)
    return render(
        request,
        "economy/vacancies/report_form.html",
        {
            "project": project,
            "form": form,
            "token": spam_protection.issue_token(scope),
            "honeypot": form[HONEYPOT],
            "company_fields": [form[name] for name in COMPANY_FIELDS],
            "job_fields": [form[name] for name in JOB_FIELDS],
            "lead_organisation": project.lead_organisation,
        },
    )


@require_GET
def vacancy_report_thanks(request, project_slug: str):
    project = _project(project_slug)
    return _in_public_language(
        request,
        lambda: render(
            request,
            "economy/vacancies/report_thanks.html",
            {"project": project, "lead_organisation": project.lead_organisation},
        ),
    )


# The inbox ------------------------------------------------------------------------------------


def _require_inbox(request) -> None:
    if not selectors.inbox_projects(request.user).exists():
        raise PermissionDenied(_("Only the employer liaison and the project lead check reports."))


def vacancy_inbox(request):
    _require_inbox(request)
    query = request.GET.get("q", "").strip()[:100]
    reports = selectors.reports_to_check(user=request.user, query=query)
    page = Paginator(reports, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    report_projects = [
        (
            project,
            request.build_absolute_uri(reverse("economy:vacancy_report", args=[project.slug])),
        )
        for project in selectors.inbox_projects(request.user)
    ]
    return render(
        request,
        "economy/vacancies/inbox.html",
        {
            "page": page,
            "query": query,
            "query_string": page_query(request),
            "report_projects": report_projects,
            **import_context(request),
            "nav_active": "vacancies",
        },
    )


class _AlreadyChecked(Exception):
    pass


def _report(request, vacancy_pk: int) -> Vacancy:
    _require_inbox(request)
    vacancy = selectors.report_for_review(user=request.user, pk=vacancy_pk)
    if vacancy is None:
        if selectors.report_already_checked(user=request.user, pk=vacancy_pk):
            raise _AlreadyChecked
        raise Http404
    if not request.user.has_perm("economy.review_reports", vacancy.project):
        raise PermissionDenied(_("You are not allowed to do this."))
    return vacancy


def _already_checked(request):
    """A second click on confirm or reject: nothing happens again."""
    messages.info(request, _("This report has already been checked."))
    return redirect("economy:vacancy_inbox")


@require_http_methods(["GET", "POST"])
def vacancy_report_confirm(request, vacancy_pk: int):
    try:
        vacancy = _report(request, vacancy_pk)
    except _AlreadyChecked:
        return _already_checked(request)
    employers = selectors.similar_employers(vacancy)
    form = ReportConfirmForm(request.POST or None, instance=vacancy, employers=employers)
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.vacancy_report_confirm(
                actor=request.user,
                vacancy=Vacancy.objects.select_related("employer", "project").get(pk=vacancy.pk),
                expected_version=form.cleaned_data["expected_version"],
                employer=form.cleaned_data["employer"],
            ),
            stored=lambda: Vacancy.objects.get(pk=vacancy.pk),
        )
        if outcome.saved:
            messages.success(request, _("The vacancy was confirmed and is open now."))
            return redirect("economy:vacancy_inbox")
        changes = outcome.changes
    return render(
        request,
        "economy/vacancies/report_review.html",
        {
            "vacancy": vacancy,
            "form": form,
            "action": "confirm",
            "changes": changes,
            "nav_active": "vacancies",
        },
    )


@require_http_methods(["GET", "POST"])
def vacancy_report_reject(request, vacancy_pk: int):
    try:
        vacancy = _report(request, vacancy_pk)
    except _AlreadyChecked:
        return _already_checked(request)
    form = ReportRejectForm(request.POST or None, instance=vacancy)
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.vacancy_report_reject(
                actor=request.user,
                vacancy=Vacancy.objects.select_related("employer", "project").get(pk=vacancy.pk),
                expected_version=form.cleaned_data["expected_version"],
                reason=form.cleaned_data["reason"],
            ),
            stored=lambda: Vacancy.objects.get(pk=vacancy.pk),
        )
        if outcome.saved:
            messages.success(request, _("The report was rejected."))
            return redirect("economy:vacancy_inbox")
        changes = outcome.changes
    return render(
        request,
        "economy/vacancies/report_review.html",
        {
            "vacancy": vacancy,
            "form": form,
            "action": "reject",
            "changes": changes,
            "nav_active": "vacancies",
        },
    )
