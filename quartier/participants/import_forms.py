"""The upload form of the participant list import (web UI)."""

from pathlib import Path

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The extensions the import reads.
ALLOWED_EXTENSIONS = (".csv", ".xlsx")


class ParticipantListUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant list"),
        help_text=gettext_lazy("A CSV file (UTF-8) or an Excel workbook (.xlsx)."),
    )
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Organisation that new participants belong to"),
        empty_label=None,
    )
    update = forms.BooleanField(
        required=False,
        label=gettext_lazy("Update participants whose participant number already exists"),
        help_text=gettext_lazy(
            "Their data and case are replaced by the row; rows without changes stay as they are."
        ),
    )

    def __init__(self, *args, organisations, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        field = self.fields["organisation"]
        field.queryset = organisations
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "Only .csv and .xlsx files can be imported. "
                    "Save the list in one of these formats."
                )
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; at most %(limit)s MB can be uploaded. "
                    "Split the list into several files and import them one after the other."
                )
                % {
                    "size": number_format(upload.size / 1_000_000, 1),
                    "limit": number_format(self.max_bytes / 1_000_000, 0),
                }
            )
        return upload
