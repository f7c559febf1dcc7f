"""The registry of 404 pages by path prefix (quartier.core.not_found)."""

from quartier.core import not_found
from quartier.stadtteilplan.views.pages import not_found as public_not_found


def test_the_offer_map_answers_its_own_404s():
    assert not_found.not_found_page_for("/stadtteilplan/nirgendwo/") is public_not_found


def test_other_paths_get_the_sites_404():
    assert not_found.not_found_page_for("/faelle/nirgendwo/") is None
    assert not_found.not_found_page_for("/stadtteilplanung/") is None


def test_the_longest_registered_prefix_wins(monkeypatch):
    monkeypatch.setattr(
        not_found,
        "_pages",
        {"/a/": "quartier.core.views.healthz", "/a/b/": "quartier.core.views.server_error"},
    )
    assert not_found.not_found_page_for("/a/b/c") is not_found.import_string(
        "quartier.core.views.server_error"
    )
    assert not_found.not_found_page_for("/a/c").__name__ == "healthz"
