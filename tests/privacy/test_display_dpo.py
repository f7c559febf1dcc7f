"""The access-log details the dpo area's pages write read as sentences (privacy.display)."""

from django.utils import translation

from quartier.privacy.display import detail_display


def test_the_dpo_areas_details_are_known():
    with translation.override("en"):
        assert detail_display("data protection page") == "data-protection page"
        assert detail_display("data protection person list, 3 rows") == (
            "data-protection person list, 3 rows"
        )
        assert detail_display("pseudonymised evaluation data (xlsx): 6 rows") == (
            "pseudonymised evaluation data (XLSX), 6 rows"
        )
