"""Every staff page route is either checked for sideways scrolling in the browser
(e2e/test_layout.py) or named as a page that lists nothing: a new list page cannot
be left out of the layout check."""

from e2e.layout_pages import LIST_PAGES, OTHER_PAGES, PHONE_PAGES, staff_routes


def test_every_staff_route_is_sorted_into_list_pages_or_other_pages():
    routes = staff_routes()
    unsorted = sorted(set(routes) - set(LIST_PAGES) - OTHER_PAGES)
    assert unsorted == [], (
        "Staff routes missing from e2e/layout_pages.py (add a list page to LIST_PAGES with "
        "its demo path, anything else to OTHER_PAGES): "
        + ", ".join(f"{name} ({routes[name]})" for name in unsorted)
    )


def test_the_layout_lists_name_only_existing_routes():
    routes = staff_routes()
    assert sorted(set(LIST_PAGES) - set(routes)) == []
    assert sorted(OTHER_PAGES - set(routes)) == []
    assert set(PHONE_PAGES) <= set(LIST_PAGES)
    assert not set(LIST_PAGES) & OTHER_PAGES
