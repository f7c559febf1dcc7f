"""The person list's search form (privacy:person_list)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.widgets import QuickSelect


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or participant number"), required=False, max_length=100)
    project = forms.ChoiceField(widget=QuickSelect, label=_("Project"), required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [
            ("", _("all")),
            *[(project.slug, project.name) for project in projects],
        ]

    def filters(self) -> dict:
        """The selector's filters (none for invalid input)."""
        if not self.is_valid():
            return {}
        return {
            "q": (self.cleaned_data.get("q") or "").strip(),
            "project": self.cleaned_data.get("project") or "",
        }

    @property
    def filtered(self) -> bool:
        return any(self.filters().values())
