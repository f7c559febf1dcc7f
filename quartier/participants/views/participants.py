"""Pages for intake, participant data and first contacts. Thin: selectors read, services
write.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.models import Organisation, Project
from quartier.core.pagination import page_query
from quartier.core.tenancy import acting_organisation, projects_with_case_role
from quartier.participants.forms import (
    FirstContactForm,
    IntakeForm,
    ParticipantForm,
    ProjectChoiceForm,
)
from quartier.participants.models import FirstContact, Participant
from quartier.participants.selectors.consents import special_categories_allowed
from quartier.participants.selectors.duplicates import possible_duplicates
from quartier.participants.selectors.participants import (
    first_contacts_visible_to,
    participant_rows,
)
from quartier.participants.services.intake import (
    DuplicateSuspected,
    participant_intake,
    participant_number_suggestion,
)
from quartier.participants.services.participants import (
    first_contact_create,
    first_contact_update,
    participant_update,
)
from quartier.privacy.services.access_log import access_log_record

PAGE_SIZE = 50


def _intake_projects(user):
    return projects_with_case_role(user)


def _own_organisation(user, project: Project) -> Organisation:
    """The organisation in whose name the user works in the project
    (`tenancy.acting_organisation`); 403 without one."""
    organisation = acting_organisation(user, project)
    if organisation is None:
        raise PermissionDenied(_("You have no case role in this project."))
    return organisation


def _choose_project(request, projects, next_url_name: str):
    """Several projects: ask which one; none: 403."""
    projects = list(projects)
    if not projects:
        raise PermissionDenied(_("You have no case role in a project."))
    slug = request.GET.get("project")
    if slug:
        for project in projects:
            if project.slug == slug:
                return project, None
        raise Http404(_("No such project, or you have no case role in it."))
    if len(projects) == 1:
        return projects[0], None
    form = ProjectChoiceForm(projects=Project.objects.filter(pk__in=[p.pk for p in projects]))
    return None, render(
        request,
        "participants/choose_project.html",
        {"form": form, "projects": projects, "next_url": reverse(next_url_name)},
    )


@require_http_methods(["GET", "POST"])
def intake(request):
    """Intake (Aufnahme): a new participant and their case, with the duplicate check."""
    project, response = _choose_project(
        request, _intake_projects(request.user), "participants:intake"
    )
    if response:
        return response
    organisation = _own_organisation(request.user, project)
    first_contact = None
    if request.GET.get("first_contact"):
        first_contact = get_object_or_404(
            first_contacts_visible_to(request.user).filter(
                project=project, participant__isnull=True
            ),
            pk=request.GET["first_contact"],
        )
    initial = {"external_id": participant_number_suggestion(project=project)}
    if first_contact:
        first, _sep, last = first_contact.name.partition(" ")
        initial.update({"first_name": first, "last_name": last})
        if first_contact.language:
            initial["languages"] = first_contact.language
    form = IntakeForm(request.POST or None, project=project, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = participant_intake(
                actor=request.user,
                project=project,
                organisation=organisation,
                participant_data=form.participant_data(),
                entry_date=data["entry_date"],
                first_contact=first_contact,
                not_a_duplicate=bool(data.get("not_a_duplicate")),
                consents=form.consent_data(),
            )
        except DuplicateSuspected as suspected:
            duplicates = suspected.duplicates
            form.add_error(
                None,
                _(
                    "There are people with a similar name and the same postcode or date "
                    "of birth. Check the list below: open the existing case, or confirm "
                    "that this is a different person and save again."
                ),
            )
        except ValidationError as error:
            add_service_error(form, error)
            if data.get("not_a_duplicate"):
                # The confirmed list stays on the page with its tick, for the next save.
                duplicates = possible_duplicates(
                    user=request.user,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    postcode=data["postcode"],
                    birth_date=data["birth_date"],
                )
        else:
            if form.consent_data():
                messages.success(
                    request,
                    _("%(name)s was taken in, with the consents given.")
                    % {"name": case.participant.full_name},
                )
            else:
                messages.success(
                    request,
                    _("%(name)s was taken in. Next: record the consents.")
                    % {"name": case.participant.full_name},
                )
            return redirect("cases:case_detail", case_pk=case.pk)
    return render(
        request,
        "participants/intake.html",
        {
            "form": form,
            "project": project,
            "organisation": organisation,
            "duplicates": duplicates,
            "first_contact": first_contact,
        },
    )


@require_http_methods(["GET", "POST"])
def participant_edit(request, participant_pk: int):
    participant = get_object_or_404(participant_rows(request.user), pk=participant_pk)
    if not request.user.has_perm("cases.change_case", participant.case):
        raise PermissionDenied
    allowed = special_categories_allowed(participant)
    form = ParticipantForm(request.POST or None, instance=participant, special_allowed=allowed)
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: participant_update(
                actor=request.user,
                participant=Participant.objects.get(pk=participant.pk),
                expected_version=form.cleaned_data["expected_version"],
                data=form.participant_data(),
            ),
            stored=lambda: Participant.objects.get(pk=participant.pk),
        )
        if outcome.saved:
            messages.success(request, _("The participant's data were saved."))
            return redirect("cases:case_detail", case_pk=participant.case.pk)
        changes = outcome.changes
    else:
        access_log_record(actor=request.user, action="view", record=participant)
    return render(
        request,
        "participants/participant_edit.html",
        {"form": form, "participant": participant, "special_allowed": allowed, "changes": changes},
    )


# First contacts ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def first_contact_list(request):
    """The first contacts of the user's organisations, with the quick form on top."""
    projects = list(_intake_projects(request.user))
    if not projects:
        raise PermissionDenied(_("You have no case role in a project."))
    project = projects[0]
    slug = request.POST.get("project") or request.GET.get("project")
    if slug:
        project = next((p for p in projects if p.slug == slug), None)
        if project is None:
            raise Http404(_("No such project, or you have no case role in it."))
    form = FirstContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            first_contact = first_contact_create(
                actor=request.user,
                project=project,
                organisation=_own_organisation(request.user, project),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("First contact of %(date)s recorded.")
                % {"date": first_contact.date.strftime("%d.%m.%Y")},
            )
            return redirect(f"{reverse('participants:first_contact_list')}?project={project.slug}")
    contacts = first_contacts_visible_to(request.user).select_related("project")
    status = request.GET.get("status", "")
    if status in FirstContact.Status.values:
        contacts = contacts.filter(status=status)
    page = Paginator(contacts.order_by("-date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/first_contact_list.html",
        {
            "form": form,
            "page": page,
            "query_string": page_query(request),
            "projects": projects,
            "project": project,
            "status": status,
            "statuses": FirstContact.Status.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def first_contact_edit(request, first_contact_pk: int):
    first_contact = get_object_or_404(
        first_contacts_visible_to(request.user).select_related("project"), pk=first_contact_pk
    )
    form = FirstContactForm(request.POST or None, instance=first_contact)
    if request.method == "POST" and form.is_valid():
        try:
            first_contact_update(
                actor=request.user,
                first_contact=FirstContact.objects.get(pk=first_contact.pk),
                expected_version=int(request.POST.get("expected_version", 0)),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The first contact was saved."))
            return redirect("participants:first_contact_list")
    return render(
        request,
        "participants/first_contact_edit.html",
        {"form": form, "first_contact": first_contact},
    )
