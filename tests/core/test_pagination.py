"""`quartier.core.pagination.page_query` and the one pagination partial
(`templates/pagination.html`): the page links keep every filter of the list."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from quartier.core.pagination import page_query


def test_page_query_keeps_the_filters_and_drops_the_page():
    request = RequestFactory().get("/faelle/", {"q": "Yılmaz & Co", "stage": "intake", "page": "3"})
    assert page_query(request) == "q=Y%C4%B1lmaz+%26+Co&stage=intake"


def test_page_query_of_an_unfiltered_list_is_empty():
    assert page_query(RequestFactory().get("/faelle/", {"page": "2"})) == ""


def test_the_partial_links_carry_the_query_string():
    page = Paginator(range(30), 10).get_page(2)
    html = render_to_string("pagination.html", {"page": page, "query_string": "q=a&stage=b"})
    assert 'href="?q=a&amp;stage=b&amp;page=1"' in html
    assert 'href="?q=a&amp;stage=b&amp;page=3"' in html


def test_the_partial_links_without_filters():
    html = render_to_string("pagination.html", {"page": Paginator(range(30), 10).get_page(1)})
    assert 'href="?page=2"' in html
