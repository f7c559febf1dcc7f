"""Pages of the network's partners and coach teams: the partner list, adding a partner
(an existing organisation or a new one, with the duplicate check), the partner page,
editing it, its contact persons and contacts; the coach teams per district with their
members. Thin: reads through `network.selectors.partners`, writes through
`network.services.partners`. A partner or team of a project whose network the user
does not see is a 404; one the user sees but may not change is a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.pagination import page_query
from quartier.core.tenancy import NETWORK_WORK_ROLES, acting_organisation
from quartier.network.forms.partners import (
    PartnerContactForm,
    PartnerFilterForm,
    PartnerForm,
    PartnerPersonForm,
    TeamFilterForm,
    TeamForm,
    TeamMemberForm,
)
from quartier.network.models import CoachTeam, CoachTeamMember, Partner, PartnerPerson
from quartier.network.selectors import partners as selectors
from quartier.network.services import partners as services

PAGE_SIZE = 25
NAV = "network"


def _require_network(request) -> None:
    if not request.user.has_perm("network.view_network"):
        raise PermissionDenied(_("The network is for staff with a network or case role."))


def _partner_to_change(request, partner_pk: int) -> Partner:
    partner = selectors.partner_for(user=request.user, pk=partner_pk)
    if partner is None:
        raise Http404(_("No such partner."))
    if not request.user.has_perm("network.change_partner", partner):
        raise PermissionDenied(_("The network coach and the project lead keep the partners."))
    return partner


def _team_to_change(request, team_pk: int) -> CoachTeam:
    team = selectors.team_for(user=request.user, pk=team_pk)
    if team is None:
        raise Http404(_("No such team."))
    if not request.user.has_perm("network.change_coachteam", team):
        raise PermissionDenied(_("The network coach and the project lead keep the teams."))
    return team


# Partners ---------------------------------------------------------------------------------


def partner_list(request):
    _require_network(request)
    projects = list(selectors.network_projects(request.user))
    form = PartnerFilterForm(
        request.GET or None, projects=projects, districts=selectors.list_districts(projects)
    )
    partners = selectors.partner_rows(user=request.user, **form.filters())
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.labelled(page.object_list)
    return render(
        request,
        "network/partners/list.html",
        {
            "page": page,
            "form": form,
            "filtered": form.filtered,
            "query_string": page_query(request),
            "can_create": selectors.network_work_projects(request.user).exists(),
            "nav_active": NAV,
        },
    )


def _partner_form(request, form, partner, duplicates=(), changes=()):
    return render(
        request,
        "network/partners/partner_form.html",
        {
            "form": form,
            "partner": partner,
            "duplicates": list(duplicates),
            "changes": list(changes),
            "nav_active": NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def partner_create(request):
    projects = selectors.network_work_projects(request.user)
    if not projects.exists():
        raise PermissionDenied(_("The network coach and the project lead add partners."))
    project_ids = list(projects.values_list("pk", flat=True))
    form = PartnerForm(
        request.POST or None,
        projects=projects,
        organisations=selectors.organisation_choices(),
        districts=selectors.list_districts(project_ids),
        offers=selectors.project_offers(project_ids),
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        project = form.cleaned_data["project"]
        keeper = acting_organisation(request.user, project, roles=NETWORK_WORK_ROLES)
        if keeper is None or not request.user.has_perm("network.add_partner", project):
            form.add_error("project", _("You keep no network in this project."))
        else:
            try:
                partner = services.partner_create(
                    actor=request.user,
                    project=project,
                    organisation=keeper,
                    partner_organisation=form.cleaned_data["partner_organisation"],
                    new_organisation=form.organisation_fields(),
                    not_a_duplicate=form.cleaned_data["not_a_duplicate"],
                    **form.partner_fields(),
                )
            except services.DuplicateOrganisation as suspected:
                duplicates = suspected.duplicates
                form.add_error(
                    "name",
                    _(
                        "An organisation of this name exists already. Pick it above as the "
                        "existing organisation, or confirm that this is a different one and "
                        "save again."
                    ),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The partner was saved."))
                return redirect("network:partner_detail", partner_pk=partner.pk)
    return _partner_form(request, form, None, duplicates)


def partner_detail(request, partner_pk: int):
    page = selectors.partner_page(user=request.user, pk=partner_pk)
    if page is None or not request.user.has_perm("network.view_partner", page.partner):
        raise Http404(_("No such partner."))
    return render(
        request,
        "network/partners/detail.html",
        {
            "page": page,
            "partner": page.partner,
            "can_change": request.user.has_perm("network.change_partner", page.partner),
            "nav_active": NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def partner_edit(request, partner_pk: int):
    partner = _partner_to_change(request, partner_pk)
    form = PartnerForm(
        request.POST or None,
        instance=partner,
        districts=selectors.project_districts(partner.project_id),
        offers=selectors.project_offers(partner.project_id),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.partner_update(
                actor=request.user,
                partner=Partner.objects.select_related("project").get(pk=partner.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.partner_fields(),
            ),
            stored=lambda: Partner.objects.get(pk=partner.pk),
        )
        if outcome.saved:
            messages.success(request, _("The partner was saved."))
            return redirect("network:partner_detail", partner_pk=partner.pk)
        changes = outcome.changes
    return _partner_form(request, form, partner, changes=changes)


def _partner_sub_form(request, partner, form, title: str, changes=()):
    return render(
        request,
        "network/partners/sub_form.html",
        {
            "form": form,
            "partner": partner,
            "title": title,
            "changes": list(changes),
            "nav_active": NAV,
        },
    )


def _person(partner: Partner, person_pk: int) -> PartnerPerson:
    person = selectors.person_of(partner=partner, pk=person_pk)
    if person is None:
        raise Http404(_("No such contact person."))
    return person


@require_http_methods(["GET", "POST"])
def person_create(request, partner_pk: int):
    partner = _partner_to_change(request, partner_pk)
    form = PartnerPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_create(actor=request.user, partner=partner, **form.person_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect("network:partner_detail", partner_pk=partner.pk)
    return _partner_sub_form(request, partner, form, _("New contact person"))


@require_http_methods(["GET", "POST"])
def person_edit(request, partner_pk: int, person_pk: int):
    partner = _partner_to_change(request, partner_pk)
    person = _person(partner, person_pk)
    form = PartnerPersonForm(request.POST or None, instance=person)
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.person_update(
                actor=request.user,
                person=PartnerPerson.objects.select_related("partner").get(pk=person.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.person_fields(),
            ),
            stored=lambda: PartnerPerson.objects.get(pk=person.pk),
        )
        if outcome.saved:
            messages.success(request, _("The contact person was saved."))
            return redirect("network:partner_detail", partner_pk=partner.pk)
        changes = outcome.changes
    return _partner_sub_form(request, partner, form, _("Edit the contact person"), changes)


@require_http_methods(["GET", "POST"])
def person_delete(request, partner_pk: int, person_pk: int):
    """GET asks for confirmation; POST removes the person. A second POST finds nobody
    and goes back to the partner."""
    partner = _partner_to_change(request, partner_pk)
    if request.method == "POST":
        person = selectors.person_of(partner=partner, pk=person_pk)
        if person is not None:
            services.person_delete(actor=request.user, person=person)
        messages.success(request, _("The contact person was removed."))
        return redirect("network:partner_detail", partner_pk=partner.pk)
    return render(
        request,
        "network/partners/person_delete.html",
        {"partner": partner, "person": _person(partner, person_pk), "nav_active": NAV},
    )


@require_http_methods(["GET", "POST"])
def contact_create(request, partner_pk: int):
    partner = _partner_to_change(request, partner_pk)
    staff = selectors.project_staff(partner.project_id)
    form = PartnerContactForm(
        request.POST or None,
        people=partner.people.order_by("name", "id"),
        staff=staff,
        initial={"staff": request.user.pk if staff.filter(pk=request.user.pk).exists() else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(actor=request.user, partner=partner, **form.contact_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect("network:partner_detail", partner_pk=partner.pk)
    return _partner_sub_form(request, partner, form, _("Record a contact"))


# Coach teams ------------------------------------------------------------------------------


def team_list(request):
    _require_network(request)
    projects = list(selectors.network_projects(request.user))
    form = TeamFilterForm(
        request.GET or None, projects=projects, districts=selectors.list_districts(projects)
    )
    teams = selectors.team_rows(user=request.user, **form.filters())
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/teams/list.html",
        {
            "page": page,
            "form": form,
            "filtered": form.filtered,
            "query_string": page_query(request),
            "can_create": selectors.network_work_projects(request.user).exists(),
            "nav_active": NAV,
        },
    )


def _team_form(request, form, team, changes=()):
    return render(
        request,
        "network/teams/team_form.html",
        {"form": form, "team": team, "changes": list(changes), "nav_active": NAV},
    )


@require_http_methods(["GET", "POST"])
def team_create(request):
    projects = selectors.network_work_projects(request.user)
    if not projects.exists():
        raise PermissionDenied(_("The network coach and the project lead add coach teams."))
    form = TeamForm(
        request.POST or None,
        projects=projects,
        districts=selectors.list_districts(list(projects.values_list("pk", flat=True))),
    )
    if request.method == "POST" and form.is_valid():
        project = form.cleaned_data["project"]
        keeper = acting_organisation(request.user, project, roles=NETWORK_WORK_ROLES)
        if keeper is None or not request.user.has_perm("network.change_coachteam", project):
            form.add_error("project", _("You keep no network in this project."))
        else:
            try:
                team = services.team_create(
                    actor=request.user,
                    project=project,
                    organisation=keeper,
                    **form.team_fields(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The team was saved."))
                return redirect("network:team_detail", team_pk=team.pk)
    return _team_form(request, form, None)


def team_detail(request, team_pk: int):
    team = selectors.team_for(user=request.user, pk=team_pk)
    if team is None or not request.user.has_perm("network.view_coachteam", team):
        raise Http404(_("No such team."))
    return render(
        request,
        "network/teams/detail.html",
        {
            "team": team,
            "members": selectors.team_members(team),
            "can_change": request.user.has_perm("network.change_coachteam", team),
            "nav_active": NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def team_edit(request, team_pk: int):
    team = _team_to_change(request, team_pk)
    form = TeamForm(
        request.POST or None,
        instance=team,
        districts=selectors.project_districts(team.project_id),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.team_update(
                actor=request.user,
                team=CoachTeam.objects.select_related("project").get(pk=team.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.team_fields(),
            ),
            stored=lambda: CoachTeam.objects.get(pk=team.pk),
        )
        if outcome.saved:
            messages.success(request, _("The team was saved."))
            return redirect("network:team_detail", team_pk=team.pk)
        changes = outcome.changes
    return _team_form(request, form, team, changes)


def _member(team: CoachTeam, member_pk: int) -> CoachTeamMember:
    member = selectors.member_of(team=team, pk=member_pk)
    if member is None:
        raise Http404(_("No such team member."))
    return member


def _member_form(request, team, form, title: str, changes=()):
    return render(
        request,
        "network/teams/member_form.html",
        {
            "form": form,
            "team": team,
            "title": title,
            "changes": list(changes),
            "nav_active": NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def member_create(request, team_pk: int):
    team = _team_to_change(request, team_pk)
    form = TeamMemberForm(request.POST or None, staff=selectors.project_staff(team.project_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_create(actor=request.user, team=team, **form.member_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The team member was saved."))
            return redirect("network:team_detail", team_pk=team.pk)
    return _member_form(request, team, form, _("New team member"))


@require_http_methods(["GET", "POST"])
def member_edit(request, team_pk: int, member_pk: int):
    team = _team_to_change(request, team_pk)
    member = _member(team, member_pk)
    form = TeamMemberForm(
        request.POST or None, instance=member, staff=selectors.project_staff(team.project_id)
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.member_update(
                actor=request.user,
                member=CoachTeamMember.objects.select_related("team").get(pk=member.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.member_fields(),
            ),
            stored=lambda: CoachTeamMember.objects.get(pk=member.pk),
        )
        if outcome.saved:
            messages.success(request, _("The team member was saved."))
            return redirect("network:team_detail", team_pk=team.pk)
        changes = outcome.changes
    return _member_form(request, team, form, _("Edit the team member"), changes)


@require_http_methods(["GET", "POST"])
def member_delete(request, team_pk: int, member_pk: int):
    """GET asks for confirmation; POST removes the member (a second POST finds nobody
    and goes back to the team)."""
    team = _team_to_change(request, team_pk)
    if request.method == "POST":
        member = selectors.member_of(team=team, pk=member_pk)
        if member is not None:
            services.member_delete(actor=request.user, member=member)
        messages.success(request, _("The team member was removed."))
        return redirect("network:team_detail", team_pk=team.pk)
    return render(
        request,
        "network/teams/member_delete.html",
        {"team": team, "member": _member(team, member_pk), "nav_active": NAV},
    )
