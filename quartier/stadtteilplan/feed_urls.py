"""Calendars (iCalendar) and the printable notice (PDF flyer) of a district's offers."""

from django.urls import path

from quartier.stadtteilplan.views import feeds

urlpatterns = [
    path("<slug:district>/kalender.ics", feeds.district_calendar, name="district_calendar"),
    path(
        "<slug:district>/angebote/<uuid:offer>/kalender.ics",
        feeds.offer_calendar,
        name="offer_calendar",
    ),
    path("<slug:district>/aushang.pdf", feeds.flyer, name="flyer"),
]
