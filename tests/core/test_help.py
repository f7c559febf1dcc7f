"""Every area of the staff UI links to its guide from docs/staff/, rendered in the app."""

import re

import pytest
from django.urls import reverse

from quartier.core.help import guide, guide_slugs, render
from quartier.core.models import Role


def _help_link(html: str) -> str:
    match = re.search(r'<a class="help-link" href="([^"]+)">Hilfe</a>', html)
    assert match, "no help link on the page"
    return match.group(1)


@pytest.mark.django_db
def test_every_area_has_a_help_link_that_answers(login, world, platform_admin):
    lead = world.member(Role.PROJECT_LEAD)
    slug = world.project.slug
    for user in (platform_admin, lead):
        client = login(user)
        home = client.get(reverse("core:home")).content.decode()
        areas = re.findall(r'<nav class="main-nav".*?</nav>', home, re.S)[0]
        pages = [url for url in re.findall(r'href="([^"]+)"', areas) if url != "/admin/"]
        pages += [
            reverse("core:project_members", args=[slug]),
            reverse("core:api_tokens"),
            reverse("mfa_index"),
            reverse("offers:service_request_list"),
        ]
        assert len(pages) >= 8
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            link = _help_link(response.content.decode())
            guide_page = client.get(link)
            assert guide_page.status_code == 200, (page, link)
            assert "<h1>" in guide_page.content.decode()


@pytest.mark.django_db
def test_each_area_links_to_its_own_guide(login, world):
    client = login(world.member(Role.PROJECT_LEAD))
    expected = {
        reverse("cases:case_list"): "fallarbeit",
        reverse("offers:offer_list"): "angebote",
        reverse("reports:report_list"): "auswertungen",
        reverse("core:project_members", args=[world.project.slug]): "team-verwalten",
        reverse("core:api_tokens"): "api-tokens",
        reverse("mfa_index"): "anmelden",
        reverse("offers:service_request_list"): "anfragen",
        reverse("core:home"): "index",
    }
    for page, slug in expected.items():
        assert _help_link(client.get(page).content.decode()) == reverse("core:help", args=[slug])


@pytest.mark.django_db
def test_the_guides_need_a_login_and_unknown_ones_are_404(client, login, world):
    url = reverse("core:help", args=["rollen"])
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client = login(world.member(Role.CASE_WORKER))
    page = client.get(url).content.decode()
    assert "<h1>Rollen: Wer darf was?</h1>" in page
    assert "<table>" in page
    assert client.get(reverse("core:help", args=["gibt-es-nicht"])).status_code == 404


def test_every_guide_renders_and_its_guide_links_lead_to_guides():
    slugs = guide_slugs()
    assert {"index", "rollen", "fallarbeit", "angebote", "anwesenheit"} <= slugs
    for slug in slugs:
        title, html = guide(slug)
        assert title
        for target in re.findall(r'href="/hilfe/([^/"]+)/', html):
            assert target in slugs, f"{slug} links to the missing guide {target}"


def test_the_renderer_escapes_markup_and_drops_unsafe_links():
    html = render(
        "# Titel <b>fett</b>\n\n<script>alert(1)</script> **stark** und *schräg* "
        "[böse](javascript:alert(1)) [gut](rollen.md) `<code>`\n\n- eins\n- zwei\n"
    )
    assert "<script" not in html
    assert "<b>" not in html
    assert "javascript:" not in html
    assert "<strong>stark</strong>" in html
    assert "<em>schräg</em>" in html
    assert '<a href="/hilfe/rollen/">gut</a>' in html
    assert "<code>&lt;code&gt;</code>" in html
    assert "<ul><li>eins</li><li>zwei</li></ul>" in html


def test_the_economy_pages_lead_to_their_guides():
    from django.urls import resolve

    from quartier.core.help import guide_for

    assert guide_for(resolve("/betriebe/")) == "betriebe-und-stellen"
    assert guide_for(resolve("/stellen/gemeldet/")) == "betriebe-und-stellen"
    assert guide_for(resolve("/wirtschaft/leerstand/")) == "betriebe-und-stellen"
    assert guide_for(resolve("/faelle/1/vermittlung/neu/")) == "vermittlung"
    assert guide_for(resolve("/faelle/1/passende-stellen/")) == "vermittlung"
    assert guide_for(resolve("/vermittlungen/1/nachbetreuung/2/")) == "vermittlung"
