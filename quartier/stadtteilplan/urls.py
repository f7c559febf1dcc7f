"""URLs of the public offer map (namespace "stadtteilplan"): no login, no cookies but
the language choice. The HSDS API has its own (`hsds.urls`, namespace "hsds")."""

from django.urls import path

from quartier.stadtteilplan.views import appointments, feeds, pages

app_name = "stadtteilplan"

#: The public pages: districts, the offer list and map, one offer, the district portrait.
page_patterns = [
    path("", pages.index, name="index"),
    path("sprache/", pages.language, name="language"),
    path("<slug:district>/", pages.district_offers, name="offer_list"),
    path("<slug:district>/karte/", pages.district_map, name="map"),
    path("<slug:district>/stadtteil/", pages.district_portrait, name="district"),
    path("<slug:district>/angebote/<uuid:offer>/", pages.offer_detail, name="offer_detail"),
]

#: Appointment requests from residents: per offer, or to the district's project.
appointment_patterns = [
    path(
        "<slug:district>/anfrage/",
        appointments.appointment_request_create,
        name="appointment_request",
    ),
    path(
        "<slug:district>/angebote/<uuid:offer>/anfrage/",
        appointments.appointment_request_create,
        name="offer_appointment_request",
    ),
    path(
        "<slug:district>/anfrage/danke/",
        appointments.appointment_request_thanks,
        name="appointment_request_thanks",
    ),
]

#: Calendars (iCalendar) and the printable notice (PDF flyer) of a district's offers.
feed_patterns = [
    path("<slug:district>/kalender.ics", feeds.district_calendar, name="district_calendar"),
    path(
        "<slug:district>/angebote/<uuid:offer>/kalender.ics",
        feeds.offer_calendar,
        name="offer_calendar",
    ),
    path("<slug:district>/aushang.pdf", feeds.flyer, name="flyer"),
]

urlpatterns = page_patterns + appointment_patterns + feed_patterns
