"""The path of a refused request is logged without what the client typed into it."""

import logging

from quartier.core.log_filters import RedactRequestPath, redact_path


def test_words_of_the_urlconf_and_ids_stay_anything_else_goes():
    assert redact_path("/faelle/12/") == "/faelle/12/"
    assert redact_path("/teilnehmende/Erika-Mustermann/") == "/teilnehmende/…/"
    assert redact_path("/faelle/erika@example.org/?q=Erika") == "/faelle/…/"


def test_the_filter_redacts_the_path_argument_of_django_request():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x/Erika/",), None
    )
    assert RedactRequestPath().filter(record)
    assert "Erika" not in record.getMessage()
