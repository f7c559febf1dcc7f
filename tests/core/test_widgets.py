"""QuickSelect renders exactly what Django's Select renders, only faster."""

import pytest
from django import forms

from quartier.core.widgets import QuickSelect

CHOICES = [
    ("", "alle"),
    (1, 'A & B <script>"x"</script>'),
    ("Gruppe <g>", [("2", "zwei"), ("3", "drei")]),
    (None, "nichts"),
]


def _form(widget):
    class Form(forms.Form):
        choice = forms.TypedChoiceField(choices=CHOICES, required=False, coerce=str, widget=widget)

    return Form


@pytest.mark.parametrize("data", [None, {"choice": "1"}, {"choice": "3"}, {"choice": ""}])
def test_quick_select_gives_the_same_markup_as_django(data):
    plain = str(_form(forms.Select)(data)["choice"])
    quick = str(_form(QuickSelect(attrs={"class": "wide"}))(data)["choice"])
    normalised = "".join(line.strip() for line in plain.splitlines())
    assert quick == normalised.replace(
        '<select name="choice"', '<select name="choice" class="wide"'
    )


def test_quick_select_escapes_labels_and_group_names():
    html = str(_form(QuickSelect)({"choice": "1"})["choice"])
    assert "<script>" not in html
    assert '<optgroup label="Gruppe &lt;g&gt;">' in html
    assert (
        '<option value="1" selected>A &amp; B &lt;script&gt;&quot;x&quot;&lt;/script&gt;</option>'
        in html
    )
