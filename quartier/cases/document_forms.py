"""The upload form of the case documents. Size and type are checked by the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Document
from quartier.cases.services.document_types import accept_attribute
from quartier.cases.services.documents import document_max_mb


class DocumentUploadForm(forms.Form):
    # The file comes last: the multipart body is read in field order, and the size
    # guard stops reading at the file, after the CSRF token and the other fields.
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional, for example “Certificate of the language course B1”."),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = Document.Kind.OTHER
        self.fields["file"].widget.attrs["accept"] = accept_attribute()
        self.fields["file"].help_text = _(
            "PDF, image (PNG, JPEG, WebP, GIF) or office document (Word, Excel, PowerPoint, "
            "OpenDocument), at most %(max)s MB."
        ) % {"max": document_max_mb()}
