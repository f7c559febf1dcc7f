"""The start page's registry of the feature apps' parts (quartier.core.start_page)."""

from quartier.core.models import Role
from quartier.core.start_page import start_page_parts
from quartier.core.tenancy import CASE_ROLES


def paths(roles) -> list[str]:
    return [part.path for part in start_page_parts(roles)]


def test_case_staff_get_the_request_inbox_and_my_day_in_app_order():
    assert paths(CASE_ROLES) == [
        "quartier.participants.selectors.inbox.start_page_inbox",
        "quartier.cases.selectors.my_day.my_day",
        "quartier.economy.selectors.employers.due_contacts_part",
        # The project lead runs the inbox of reported vacancies.
        "quartier.economy.selectors.vacancies.reports_to_check_part",
        "quartier.economy.selectors.placements.participant_checks_part",
        # Leads and job coaches are economy roles too.
        "quartier.economy.selectors.events.events_part",
        # network: meetings. The open tasks from meetings, for every staff role.
        "quartier.network.selectors.meetings.open_tasks_part",
        # network (area `figures`): the project lead keeps the network.
        "quartier.network.selectors.start_page.open_referrals_part",
        "quartier.network.selectors.start_page.meetings_part",
        "quartier.network.selectors.start_page.quiet_partners_part",
        # network inbox: the referrals to the user's organisations waiting for an answer.
        "quartier.network.selectors.inbox.start_page_inbox",
    ]


def test_partner_staff_get_only_the_referral_inbox():
    # network inbox
    assert paths({Role.PARTNER_STAFF}) == ["quartier.network.selectors.inbox.start_page_inbox"]


def test_the_employer_liaison_gets_the_economy_parts():
    assert "quartier.economy.selectors.events.events_part" in paths({Role.EMPLOYER_LIAISON})


def test_the_network_coach_gets_the_network_parts():
    # network (area `figures`), after the open meeting tasks (area `meetings`)
    assert paths({Role.NETWORK_COACH}) == [
        "quartier.network.selectors.meetings.open_tasks_part",
        "quartier.network.selectors.start_page.open_referrals_part",
        "quartier.network.selectors.start_page.meetings_part",
        "quartier.network.selectors.start_page.quiet_partners_part",
    ]


def test_an_evaluator_gets_no_case_work_parts():
    assert paths({Role.EVALUATOR}) == []


def test_the_network_coach_gets_the_open_meeting_tasks_but_partner_staff_not():
    # network: meetings
    assert paths({Role.NETWORK_COACH}) == [
        "quartier.network.selectors.meetings.open_tasks_part",
        "quartier.network.selectors.start_page.open_referrals_part",
        "quartier.network.selectors.start_page.meetings_part",
        "quartier.network.selectors.start_page.quiet_partners_part",
    ]


def test_the_data_protection_officer_and_the_organisation_admin_get_the_privacy_part():
    # privacy (area dpo): a data-protection officer never gets an empty start page.
    for role in (Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN):
        assert "quartier.privacy.selectors.start_page.privacy_part" in paths({role})
    assert "quartier.privacy.selectors.start_page.privacy_part" not in paths(CASE_ROLES)


def test_every_registered_part_imports():
    roles = CASE_ROLES | {
        Role.EMPLOYER_LIAISON,
        Role.NETWORK_COACH,
        Role.PARTNER_STAFF,
        Role.DATA_PROTECTION_OFFICER,  # privacy (area dpo)
    }
    for part in start_page_parts(roles):
        assert callable(part.function)
