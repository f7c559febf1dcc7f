"""The staff UI's language menu offers the staff UI's languages only."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from quartier.core.models import Role


def _offered(html: str) -> list[str]:
    select = re.search(r'<select id="language-select"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no language menu on the page"
    return re.findall(r'<option value="([^"]+)"', select.group(1))


@pytest.mark.django_db
def test_login_page_offers_only_german_and_english(client):
    html = client.get(reverse("account_login")).content.decode()
    assert _offered(html) == list(settings.STAFF_LANGUAGES) == ["de", "en"]


@pytest.mark.django_db
def test_staff_page_offers_only_the_staff_languages(login, world):
    client = login(world.member(Role.CASE_WORKER))
    html = client.get(reverse("core:project_list")).content.decode()
    assert _offered(html) == ["de", "en"]
    assert "Türkisch" not in html
