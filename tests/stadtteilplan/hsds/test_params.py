"""Property tests for the HSDS API's query parameters: any text is either read into a
valid value or refused with a `ParameterError`, never anything else."""

import datetime as dt
import uuid

from django.test import RequestFactory
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from quartier.stadtteilplan.hsds import params
from quartier.stadtteilplan.hsds.representation import timestamp

factory = RequestFactory()
SUPPORTED = {"de", "en", "tr", "ar", "uk", "ru", "ro", "bg", "de-ls"}


def request(**query):
    return factory.get("/hsds/services", query)


def outcome(read, *args):
    """What `read` returns, or the ParameterError it raises (which must name the
    parameter and say what is wrong)."""
    try:
        return read(*args)
    except params.ParameterError as error:
        refused = error
    assert refused.message
    assert refused.parameter
    return refused


@given(st.text(max_size=30), st.text(max_size=30))
def test_any_page_and_per_page_are_in_range_or_refused(page, per_page):
    found = outcome(params.paging, request(page=page, per_page=per_page))
    if not isinstance(found, params.ParameterError):
        assert found.page >= 1
        assert 1 <= found.per_page <= params.MAX_PER_PAGE


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=100))
def test_whole_numbers_in_range_are_read_as_given(page, per_page):
    found = params.paging(request(page=str(page), per_page=f" {per_page} "))
    assert (found.page, found.per_page, found.offset) == (page, per_page, (page - 1) * per_page)


@given(st.text(max_size=40))
def test_any_modified_after_is_an_aware_moment_or_refused(value):
    found = outcome(params.modified_after, request(modified_after=value))
    assert found is None or isinstance(found, params.ParameterError) or timezone.is_aware(found)


@given(st.datetimes(min_value=dt.datetime(1971, 1, 1), timezones=st.just(dt.UTC)))
def test_a_last_modified_stamp_reads_back_at_most_a_millisecond_earlier(moment):
    read = params.modified_after(request(modified_after=timestamp(moment)))
    assert dt.timedelta(0) <= moment - read < dt.timedelta(milliseconds=1)


@given(st.text(max_size=40))
def test_any_proximity_is_a_radius_a_point_or_refused(value):
    found = outcome(params.proximity, request(proximity=value))
    if isinstance(found, tuple):
        latitude, longitude, radius = found
        assert -90 <= latitude <= 90
        assert -180 <= longitude <= 180
    elif isinstance(found, float):
        radius = found
    else:
        return
    assert 0 < radius <= params.MAX_RADIUS_METRES


@given(st.text(max_size=80))
def test_any_accept_language_header_gives_a_supported_language(header):
    try:
        found = params.language(factory.get("/hsds/", HTTP_ACCEPT_LANGUAGE=header))
    except ValueError:  # a header the test client itself cannot send
        return
    assert found in SUPPORTED


def test_accept_language_weights_decide():
    header = "fr;q=0.9, uk;q=0.4, en-GB;q=0.8, ar;q=0"
    assert params.language(factory.get("/hsds/", HTTP_ACCEPT_LANGUAGE=header)) == "en"


@given(st.uuids())
def test_uuids_are_read_in_any_spelling(value):
    for spelling in (str(value), str(value).upper(), value.hex, f"urn:uuid:{value}"):
        assert params.uuid_value(request(organization_id=spelling), "organization_id") == str(value)


@given(st.text(max_size=40))
def test_anything_else_is_not_a_uuid(value):
    found = outcome(params.uuid_value, request(taxonomy_id=value), "taxonomy_id")
    if not isinstance(found, params.ParameterError) and found:
        assert str(uuid.UUID(found)) == found
