"""Template context for the app shell: the navigation the user's roles allow."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request) -> dict:
    # The language menu of the staff UI: its own languages, not the residents' ones.
    names = dict(settings.LANGUAGES)
    staff_languages = [(code, names[code]) for code in settings.STAFF_LANGUAGES]
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "staff_languages": staff_languages}
    items = [(reverse("core:home"), _("Start"), "home")]
    # One query for both questions (tenancy.roles_of keeps the roles for the request).
    if user.has_perm("core.view_case_work"):
        items.append((reverse("cases:case_list"), _("Cases"), "cases"))
        items.append(
            (reverse("participants:first_contact_list"), _("First contacts"), "first_contacts")
        )
        items.append((reverse("offers:offer_list"), _("Offers"), "offers"))
    # network inbox: the referrals to the user's organisations (case roles, partner staff).
    if user.has_perm("network.view_inbox"):
        items.append((reverse("network:inbox"), _("Referrals"), "inbox"))
    if user.has_perm("core.view_economy"):
        items.append((reverse("economy:employer_list"), _("Employers"), "employers"))
        items.append((reverse("economy:vacancy_list"), _("Vacancies"), "vacancies"))
    # network (partners): the network's pages start at the partner list.
    if user.has_perm("network.view_network"):
        items.append((reverse("network:partner_list"), _("Network"), "network"))
    # --- privacy (area dpo): the data-protection officer's pages start at the persons ---
    if user.has_perm("privacy.view_privacy"):
        items.append((reverse("privacy:person_list"), _("Data protection"), "privacy"))
    # --- end privacy ---
    if user.has_perm("core.view_reports"):
        items.append((reverse("reports:report_list"), _("Reports"), "reports"))
    items.append((reverse("core:project_list"), _("Projects"), "projects"))
    items.append((reverse("core:district_list"), _("Districts"), "districts"))
    if user.has_perm("core.view_auditlog"):
        items.append((reverse("core:audit_log"), _("Audit log"), "audit"))
    if user.is_platform_admin:
        # operations: the scheduler's job runs, failed tasks and live workers (/betrieb/).
        items.append((reverse("operations:index"), _("Operations"), "operations"))
        items.append((reverse("admin:index"), _("Administration"), "admin"))
    from quartier.core.help import guide_for

    help_url = reverse("core:help", args=[guide_for(getattr(request, "resolver_match", None))])
    return {"nav_items": items, "staff_languages": staff_languages, "help_url": help_url}
