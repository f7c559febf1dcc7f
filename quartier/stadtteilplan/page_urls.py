"""The public pages: districts, the offer list and map, one offer, the district portrait."""

from django.urls import path

from quartier.stadtteilplan.views import pages

urlpatterns = [
    path("", pages.index, name="index"),
    path("sprache/", pages.language, name="language"),
    path("<slug:district>/", pages.district_offers, name="offer_list"),
    path("<slug:district>/karte/", pages.district_map, name="map"),
    path("<slug:district>/stadtteil/", pages.district_portrait, name="district"),
    path("<slug:district>/angebote/<uuid:offer>/", pages.offer_detail, name="offer_detail"),
]
