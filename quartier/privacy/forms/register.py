"""The evaluators' export form (privacy:evaluation_export): the file format."""

from django import forms
from django.utils.translation import gettext_lazy as _

FILE_FORMATS = [("xlsx", _("Excel (XLSX)")), ("csv", _("CSV"))]


class EvaluationExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("File format"), choices=FILE_FORMATS, initial="xlsx", widget=forms.RadioSelect
    )
