"""Forms of the public offer map. The filter form is read from the query string and
forgiving: a value it cannot read is left out (and the page says so), never an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.offers.models import OfferKind
from quartier.participants.models import TargetGroup
from quartier.stadtteilplan.selectors import DAY_PARTS, PUBLIC_TARGET_GROUPS, PublicFilter

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

DAY_PART_LABELS = {
    "morning": _("mornings (before 12:00)"),
    "afternoon": _("afternoons (12:00–17:00)"),
    "evening": _("evenings (from 17:00)"),
}

#: Languages an offer may be held in, shown in their own names (not translated).
SPOKEN_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("pl", "Polski"),
    ("fa", "فارسی"),
    ("ku", "Kurdî"),
    ("fr", "Français"),
    ("el", "Ελληνικά"),
    ("sq", "Shqip"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
]

#: Public names of the offer kinds: what a resident looks for.
PUBLIC_KINDS = {
    OfferKind.COUNSELLING_HOUR: _("Advice and counselling"),
    OfferKind.CAFE_MEETING: _("Café and meeting place"),
    OfferKind.COURSE: _("Courses"),
    OfferKind.QUALIFICATION_MODULE: _("Qualification for work"),
    OfferKind.WORKSHOP: _("Workshops"),
    OfferKind.PRACTICAL_PROJECT: _("Practical projects and services"),
    OfferKind.EVENT: _("Events"),
    OfferKind.WORK_OPPORTUNITY: _("Work opportunities"),
    OfferKind.SCHOOL_CLASS_OFFER: _("For school classes"),
}

PUBLIC_TARGET_GROUP_LABELS = {
    "families": _("Families"),
    "immigrants": _("Immigrants and refugees"),
    "seniors": _("Seniors"),
    "young_people": _("Young people"),
    "long_term_unemployed": _("Job seekers"),
    "single_parents": _("Single parents"),
    "women_returning": _("Women"),
}
assert set(PUBLIC_TARGET_GROUP_LABELS) == set(PUBLIC_TARGET_GROUPS)
assert set(PUBLIC_TARGET_GROUPS) <= set(TargetGroup.values)


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.MultipleChoiceField(
        label=_("Category"),
        required=False,
        choices=list(PUBLIC_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        choices=[("", _("everyone"))] + list(PUBLIC_TARGET_GROUP_LABELS.items()),
    )
    language = forms.ChoiceField(
        label=_("Language spoken"),
        required=False,
        choices=[("", _("any language"))] + SPOKEN_LANGUAGES,
    )
    day = forms.TypedChoiceField(
        label=_("Weekday"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any day"))] + WEEKDAYS,
    )
    time = forms.ChoiceField(
        label=_("Time of day"),
        required=False,
        choices=[("", _("any time"))] + [(key, DAY_PART_LABELS[key]) for key in DAY_PARTS],
    )
    free = forms.BooleanField(label=_("free of charge"), required=False)
    accessible = forms.BooleanField(label=_("wheelchair accessible"), required=False)
    childcare = forms.BooleanField(label=_("childcare"), required=False)
    now = forms.BooleanField(label=_("open now"), required=False)
    ort = forms.UUIDField(label=_("Place"), required=False, widget=forms.HiddenInput)

    def filters(self) -> PublicFilter:
        """The filters that could be read; the others are left out (see `ignored`)."""
        self.is_valid()
        data = self.cleaned_data
        return PublicFilter(
            query=(data.get("q") or "").strip(),
            kinds=tuple(data.get("kind") or ()),
            target_group=data.get("group") or "",
            language=data.get("language") or "",
            weekday=data.get("day"),
            day_part=data.get("time") or "",
            free=bool(data.get("free")),
            accessible=bool(data.get("accessible")),
            childcare=bool(data.get("childcare")),
            open_now=bool(data.get("now")),
            place=str(data["ort"]) if data.get("ort") else "",
        )

    @property
    def ignored(self) -> list[str]:
        """Labels of the filters whose values could not be read."""
        return [str(self.fields[name].label) for name in self.errors]

    @property
    def active(self) -> bool:
        return any(
            self.cleaned_data.get(name) not in (None, "", False, [])
            for name in self.fields
            if name in getattr(self, "cleaned_data", {})
        )
