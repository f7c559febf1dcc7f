"""The printable notice (PDF) of a district's offers, read back with pypdf."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from quartier.offers.models import Schedule
from quartier.stadtteilplan import flyer
from tests.factories import DistrictFactory, OrganisationFactory, ProjectFactory
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleFactory,
)
from tests.workers import run_worker, task_backend

ARABIC_TITLE = "مقهى اللغة"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Rendered notices go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def notice(db):
    district = DistrictFactory(name="Wanne-Süd", slug="wanne-sued")
    lead = OrganisationFactory(name="Stadtteilbüro Wanne", phone="02325 123456")
    project = ProjectFactory(name="BQB-Süd", lead=lead)
    project.districts.add(district)
    place = LocationFactory(
        project=project, district=district, name="Stadtteilcafé", street="Hauptstraße 1"
    )
    today = timezone.localdate()
    cafe = OfferFactory(
        project=project,
        title="Sprachcafé",
        kind="cafe_meeting",
        published=True,
        accessible=True,
        childcare_available=True,
        contact_phone="02325 999",
    )
    cafe.locations.add(place)
    ScheduleFactory(
        offer=cafe,
        weekdays=[0],
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=today - dt.timedelta(days=10),
    )
    OfferTranslationFactory(offer=cafe, language="en", title="Language café")
    OfferTranslationFactory(offer=cafe, language="ar", title=ARABIC_TITLE)
    party = OfferFactory(project=project, title="Stadtteilfest", kind="event", published=True)
    party.locations.add(place)
    ScheduleFactory(
        offer=party,
        kind="one_off",
        weekdays=[],
        valid_from=None,
        date=today + dt.timedelta(days=12),
        start_time=dt.time(15),
        end_time=dt.time(18),
    )
    OfferFactory(project=project, title="Interner Kurs", published=False).locations.add(place)
    return {"district": district, "cafe": cafe, "party": party, "project": project}


def pdf_text(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flyer_url(language: str | None = None) -> str:
    url = reverse("stadtteilplan:flyer", args=["wanne-sued"])
    return f"{url}?sprache={language}" if language else url


def test_notice_is_an_a4_pdf_with_the_districts_offers(client, notice):
    response = client.get(flyer_url())
    reader, text = pdf_text(response)
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595
    assert round(float(page.mediabox.height)) == 842
    assert response["Content-Disposition"] == 'inline; filename="aushang-wanne-sued-de.pdf"'
    assert response.cookies == {}
    assert "Wanne-Süd" in text
    assert "Angebote" in text  # the German heading
    assert "Sprachcafé" in text
    assert "Stadtteilfest" in text
    assert "Interner Kurs" not in text
    assert "Stadtteilcafé" in text
    assert "Hauptstraße 1" in text
    assert "02325 999" in text  # the offer's contact
    assert "BQB-Süd" in text  # the project's contact point
    assert "02325 123456" in text
    assert "/stadtteilplan/wanne-sued/" in text
    with translation.override("de"):
        monday = gettext("Mondays")
        free = gettext("free of charge")
    assert f"{monday}, 9:00–12:00" in text
    assert free in text


def test_notice_in_english_uses_the_english_texts(client, notice):
    _reader, text = pdf_text(client.get(flyer_url("en")))
    assert "Offers" in text
    assert "Angebote" not in text
    assert "Language café" in text
    assert "Sprachcafé" not in text
    assert "Stadtteilfest" in text  # no translation: the German title
    assert "Mondays, 9:00–12:00" in text
    day = notice["party"].schedules.get().date
    with translation.override("en"):
        assert date_format(day, "DATE_FORMAT") in text, text
    assert "Printed on" in text
    assert response_filename(client.get(flyer_url("en"))) == "aushang-wanne-sued-en.pdf"


def response_filename(response) -> str:
    return response["Content-Disposition"].split('filename="', 1)[1].rstrip('"')


def test_notice_defaults_to_the_page_language(client, notice):
    response = client.get(flyer_url(), headers={"accept-language": "en"})
    assert response_filename(response) == "aushang-wanne-sued-en.pdf"
    _reader, text = pdf_text(response)
    assert "Language café" in text


def test_notice_in_arabic_is_right_to_left_with_the_arabic_title(client, notice):
    _reader, text = pdf_text(client.get(flyer_url("ar")))
    assert ARABIC_TITLE in text
    assert "Sprachcafé" not in text
    with translation.override("ar"):
        context = flyer.flyer_context(notice["district"], "ar", today=timezone.localdate())
        html = render_to_string(flyer.TEMPLATE, context)
    assert '<html lang="ar" dir="rtl">' in html


def test_unknown_language_falls_back_to_the_page_language(client, notice):
    response = client.get(flyer_url("xx"))
    assert response_filename(response) == "aushang-wanne-sued-de.pdf"
    assert "Sprachcafé" in pdf_text(response)[1]


def test_notice_of_an_unknown_district_is_404(client, db):
    assert client.get(reverse("stadtteilplan:flyer", args=["nirgendwo"])).status_code == 404


def test_notice_holds_at_most_max_offers_and_says_how_many_more(client, notice, monkeypatch):
    monkeypatch.setattr(flyer, "MAX_OFFERS", 1)
    _reader, text = pdf_text(client.get(flyer_url("en")))
    assert "and 1 more offer on the web page" in text


def test_changed_offer_is_printed_at_once_despite_the_cache(client, notice):
    client.get(flyer_url("en"))
    notice["party"].title = "Sommerfest"
    notice["party"].save()
    _reader, text = pdf_text(client.get(flyer_url("en")))
    assert "Sommerfest" in text


def test_qr_code_opens_the_district_page_in_the_notices_language(notice):
    with translation.override("tr"):
        context = flyer.flyer_context(notice["district"], "tr", today=timezone.localdate())
    assert context["qr_code"].startswith("data:image/svg+xml;base64,")
    url = flyer.district_url_in(notice["district"], "tr")
    assert url.endswith("/stadtteilplan/sprache/?lang=tr&next=%2Fstadtteilplan%2Fwanne-sued%2F")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"weekdays": [0, 2]}, "Mondays, Wednesdays, 9:00–12:00"),
        ({"weekdays": [1], "interval": 2}, "Tuesdays, 9:00–12:00, every 2 weeks"),
        ({"weekdays": [4], "valid_until": dt.date(2099, 6, 30)}, "Fridays, 9:00–12:00, until"),
    ],
)
def test_weekly_times_in_words(db, changes, expected):
    schedule = Schedule(
        kind="weekly",
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2025, 1, 6),
        **changes,
    )
    with translation.override("en"):
        text = flyer.schedule_in_words(schedule, today=dt.date(2026, 1, 1))
    assert without_isolates(text).startswith(expected)


def without_isolates(text: str) -> str:
    return text.replace("\u2066", "").replace("\u2069", "")


def test_weekly_times_in_arabic_use_the_arabic_comma_and_an_isolated_time_range(db):
    schedule = Schedule(
        kind="weekly",
        weekdays=[0, 2],
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2025, 1, 6),
        valid_until=dt.date(2099, 6, 30),
    )
    with translation.override("ar"):
        text = flyer.schedule_in_words(schedule, today=dt.date(2026, 1, 1))
        monday, wednesday = gettext("Mondays"), gettext("Wednesdays")
    assert text.startswith(f"{monday}، {wednesday}، \u20669:00–12:00\u2069، ")
    assert ", " not in text


def test_ended_and_single_schedules_have_no_weekly_words(db):
    ended = Schedule(
        kind="weekly",
        weekdays=[0],
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2025, 1, 6),
        valid_until=dt.date(2025, 3, 1),
    )
    single = Schedule(
        kind="one_off", date=dt.date(2026, 5, 1), start_time=dt.time(9), end_time=dt.time(12)
    )
    assert flyer.schedule_in_words(ended, today=dt.date(2026, 1, 1)) is None
    assert flyer.schedule_in_words(single, today=dt.date(2026, 1, 1)) is None


def test_future_weekly_schedule_says_from_when(db):
    schedule = Schedule(
        kind="weekly",
        weekdays=[3],
        start_time=dt.time(17, 30),
        end_time=dt.time(19),
        valid_from=dt.date(2026, 3, 5),
    )
    with translation.override("en"):
        text = flyer.schedule_in_words(schedule, today=dt.date(2026, 1, 1))
    assert without_isolates(text).startswith("Thursdays, 17:30–19:00, from ")
    assert "2026" in text


@pytest.mark.parametrize("language", ["de-ls", "uk", "tr", "ro"])
def test_notice_renders_in_every_language_of_the_map(client, notice, language):
    response = client.get(flyer_url(language))
    assert response_filename(response) == f"aushang-wanne-sued-{language}.pdf"
    _reader, text = pdf_text(response)
    assert "Wanne-Süd" in text


def test_arabic_notice_isolates_names_with_a_mark_after_their_punctuation(notice):
    """WeasyPrint ignores <bdi> and lays out each line of a wrapped name alone: the
    notice's names are Unicode isolates with a left-to-right mark after their
    punctuation, so that "… e.V." never prints as ".e.V"."""
    lead = notice["project"].lead_organisation
    lead.name = "Stadtteilwerk Wanne-Eickel e.V."
    lead.save()
    with translation.override("ar"):
        context = flyer.flyer_context(notice["district"], "ar", today=dt.date(2026, 1, 5))
        html = render_to_string(flyer.TEMPLATE, context)
    lrm = "\u200e"
    name = f"Stadtteilwerk Wanne-{lrm}Eickel e.{lrm}V.{lrm}"
    assert f"\u2068{name}{lrm}\u2069" in html  # the offer's provider and the contact
    assert f"\u2068Stadtteilcafé{lrm}\u2069، \u2068Hauptstraße 1" in html
    assert context["comma"] == "، "


def test_isolated_filter_marks_by_the_names_own_direction():
    from quartier.stadtteilplan.templatetags.bidi import isolated

    assert isolated("e.V.") == "\u2068e.\u200eV.\u200e\u200e\u2069"
    assert isolated("مقهى.") == "\u2068مقهى.\u200f\u200f\u2069"


# Rendered ahead of time: the view serves stored notices and queues renders -------------

RENDER_TASK = "quartier.stadtteilplan.tasks.render_flyer"


@pytest.fixture
def queue():
    """A real queue (the database backend): queued renders wait for a worker."""
    with task_backend("django_tasks_db.DatabaseBackend"):
        yield


@pytest.fixture
def no_rendering(monkeypatch):
    """Rendering a PDF fails the test: the view must not render."""

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered")

    monkeypatch.setattr(flyer, "render_pdf", refuse)


def queued_renders(**kwargs) -> list[dict]:
    rows = DBTaskResult.objects.filter(task_path=RENDER_TASK, status="READY", **kwargs)
    return [row.args_kwargs["kwargs"] for row in rows.order_by("enqueued_at")]


def test_missing_notice_is_being_prepared_in_the_residents_language(
    client, notice, queue, no_rendering
):
    response = client.get(flyer_url("ar"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<meta http-equiv="refresh" content="10">' in html
    assert f'href="{reverse("stadtteilplan:offer_list", args=["wanne-sued"])}"' in html
    with translation.override("ar"):
        assert gettext("Offers") in html  # the page's frame, in Arabic
    district = notice["district"]
    content_hash = flyer.content_hashes(district, languages=["ar"])["ar"]
    expected = {"district_id": district.pk, "language": "ar", "content_hash": content_hash}
    assert queued_renders() == [expected]
    # Asked again before a worker came to it: still one render waiting.
    assert client.get(flyer_url("ar")).status_code == 503
    assert queued_renders() == [expected]


def test_being_prepared_page_follows_the_page_language(client, notice, queue, no_rendering):
    response = client.get(flyer_url(), headers={"accept-language": "en"})
    assert response.status_code == 503
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    assert "The notice is being prepared" in response.content.decode()
    assert queued_renders()[0]["language"] == "en"


def test_rendered_notice_is_kept_in_storage_and_is_a_real_pdf_in_arabic(notice, media_root):
    district = notice["district"]
    result = flyer.flyer_render(district, "ar")
    content_hash = flyer.content_hashes(district, languages=["ar"])["ar"]
    assert result == {
        "name": f"stadtteilplan/flyers/{district.pk}/ar/{content_hash}.pdf",
        "rendered": True,
        "content_hash": content_hash,
    }
    path = media_root / result["name"]
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert ARABIC_TITLE in text
    assert "Wanne-Süd" in text
    # Rendered again with the same content: nothing to do.
    assert flyer.flyer_render(district, "ar")["rendered"] is False


def test_current_notice_is_served_from_storage_without_queueing(client, notice, queue, monkeypatch):
    flyer.flyer_render(notice["district"], "en")
    monkeypatch.setattr(flyer, "render_pdf", lambda *a, **k: pytest.fail("rendered"))
    response = client.get(flyer_url("en"))
    _reader, text = pdf_text(response)
    assert "Language café" in text
    assert response["Cache-Control"] == "public, max-age=300"
    assert queued_renders() == []


# The real worker closes a connection that is not in autocommit mode (close_old_connections),
# which on PostgreSQL ends a test's wrapping transaction: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_old_notice_is_served_while_the_new_one_renders(client, notice, queue, media_root):
    district = notice["district"]
    old = flyer.flyer_render(district, "en")["name"]
    party = notice["party"]
    party.title = "Sommerfest"
    party.save()
    response = client.get(flyer_url("en"))
    _reader, text = pdf_text(response)
    assert "Stadtteilfest" in text  # the last notice, at once
    assert "Sommerfest" not in text
    assert response["Cache-Control"] == "no-cache"
    new_hash = flyer.content_hashes(district, languages=["en"])["en"]
    # (Committed for real, the change has queued a render in every language.)
    assert {"district_id": district.pk, "language": "en", "content_hash": new_hash} in (
        queued_renders()
    )
    run_worker()  # the real worker renders it
    _reader, text = pdf_text(client.get(flyer_url("en")))
    assert "Sommerfest" in text
    assert not (media_root / old).exists()  # the old notice is gone once replaced
    assert set(
        DBTaskResult.objects.filter(task_path=RENDER_TASK).values_list("status", flat=True)
    ) == {"SUCCESSFUL"}


def test_an_incomplete_file_is_not_served(client, notice, queue, media_root, no_rendering):
    district = notice["district"]
    content_hash = flyer.content_hashes(district, languages=["de"])["de"]
    path = media_root / flyer.flyer_name(district.pk, "de", content_hash)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7\n% still being written")
    assert client.get(flyer_url("de")).status_code == 503
    assert len(queued_renders()) == 1


def test_content_change_queues_renders_in_every_language_once(
    notice, queue, django_capture_on_commit_callbacks
):
    district = notice["district"]
    with django_capture_on_commit_callbacks(execute=True):
        notice["party"].title = "Sommerfest"
        notice["party"].save()
    languages = [code for code, _name in settings.LANGUAGES]
    renders = queued_renders()
    assert sorted(render["language"] for render in renders) == sorted(languages)
    assert {render["district_id"] for render in renders} == {district.pk}
    # More changes (a time, a translation, a place) before a worker came: no duplicates.
    with django_capture_on_commit_callbacks(execute=True):
        ScheduleFactory(offer=notice["party"], weekdays=[3])
        OfferTranslationFactory(offer=notice["party"], language="tr", title="Mahalle şenliği")
    with django_capture_on_commit_callbacks(execute=True):
        place = notice["cafe"].locations.get()
        place.name = "Café am Markt"
        place.save()
    assert len(queued_renders()) == len(languages)


def test_change_elsewhere_queues_nothing_for_the_district(
    notice, queue, django_capture_on_commit_callbacks
):
    other = DistrictFactory(name="Eickel", slug="eickel")
    project = ProjectFactory()
    project.districts.add(other)
    with django_capture_on_commit_callbacks(execute=True):
        OfferFactory(project=project, title="Anderswo", published=True)
    assert {render["district_id"] for render in queued_renders()} == {other.pk}


def test_changes_are_not_queued_by_the_immediate_backend(
    notice, django_capture_on_commit_callbacks, no_rendering
):
    """Without a worker the notice is rendered when first asked for, not while staff save."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notice["party"].title = "Sommerfest"
        notice["party"].save()
    assert callbacks == []


def test_daily_job_queues_what_is_missing_or_stale(notice, queue):
    from quartier.stadtteilplan.tasks import refresh_flyers

    district = notice["district"]
    flyer.flyer_render(district, "de")
    summary = refresh_flyers()
    languages = len(settings.LANGUAGES)
    assert summary == {"districts": 1, "current": 1, "queued": languages - 1, "waiting": 0}
    assert refresh_flyers()["waiting"] == languages - 1
    assert "de" not in {render["language"] for render in queued_renders(pk__isnull=False)}


def test_content_hash_changes_with_what_the_notice_shows_only(notice):
    district = notice["district"]
    before = flyer.content_hashes(district)
    assert set(before) == {code for code, _name in settings.LANGUAGES}
    assert flyer.content_hashes(district) == before
    OfferTranslationFactory(offer=notice["party"], language="uk", title="Свято району")
    after = flyer.content_hashes(district)
    assert after["uk"] != before["uk"]
    assert after["de"] == before["de"]  # the German notice shows no Ukrainian title
    organisation = notice["project"].lead_organisation
    organisation.phone = "02325 7"
    organisation.save()
    assert flyer.content_hashes(district)["de"] != after["de"]
