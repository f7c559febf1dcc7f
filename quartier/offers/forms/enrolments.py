"""Forms for enrolments and the attendance register. They check the input's shape;
`quartier.offers.services` re-checks every rule (capacity, dates, hours)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Goal
from quartier.core.forms import VersionedForm
from quartier.offers.models import DropoutReason, Enrolment, EnrolmentStatus, Offer
from quartier.offers.services.attendance import RegisterRowInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferChoiceField(forms.ModelChoiceField):
    """Offers with their places, so a full one shows before choosing it."""

    def label_from_instance(self, offer: Offer) -> str:
        taken = getattr(offer, "active_count", 0)
        waiting = getattr(offer, "waiting_count", 0)
        if offer.capacity is None:
            places = _("no limit of places")
        elif taken >= offer.capacity:
            places = _("full (%(capacity)s places, %(waiting)s waiting)") % {
                "capacity": offer.capacity,
                "waiting": waiting,
            }
        else:
            places = _("%(free)s of %(capacity)s places free") % {
                "free": offer.capacity - taken,
                "capacity": offer.capacity,
            }
        return f"{offer.title} – {places}"


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, goal: Goal) -> str:
        return goal.title


class EnrolmentForm(forms.Form):
    """Enrol a case: from the case page (choose the offer) or from the offer page (the
    case was chosen by a search). The waiting-list box appears only for a full offer."""

    offer = OfferChoiceField(
        label=_("Offer"), queryset=Offer.objects.none(), empty_label=_("– choose an offer –")
    )
    start_date = forms.DateField(
        label=_("Start"),
        required=False,
        widget=DATE,
        help_text=_("Empty: today, or the offer's first day if that is later."),
    )
    planned_end_date = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    goal = GoalChoiceField(
        label=_("Plan goal this offer serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("– no goal –"),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    waiting_list = forms.BooleanField(
        label=_("Put the person on the waiting list"),
        required=False,
        help_text=_(
            "The offer is full. With this box ticked the person waits for a place and moves "
            "up automatically when one frees."
        ),
    )

    def __init__(self, *args, offers=None, goals=None, offer_full: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if offers is None:
            del self.fields["offer"]
        else:
            self.fields["offer"].queryset = offers
        self.fields["goal"].queryset = goals if goals is not None else Goal.objects.none()
        if goals is None or not goals.exists():
            del self.fields["goal"]
        if not offer_full:
            del self.fields["waiting_list"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", _("The planned end lies before the start."))
        return data


class EnrolmentEndForm(VersionedForm):
    """End a participation: completed, or dropped out with a reason (someone on the
    waiting list can only be taken off it)."""

    status = forms.ChoiceField(
        label=_("How did it end?"),
        widget=forms.RadioSelect,
        choices=[
            (EnrolmentStatus.COMPLETED, _("completed")),
            (EnrolmentStatus.DROPPED_OUT, _("dropped out")),
        ],
    )
    end_date = forms.DateField(label=_("Ended on"), widget=DATE, initial=timezone.localdate)
    dropout_reason = forms.ChoiceField(
        label=_("Reason for dropping out"),
        required=False,
        choices=[("", _("– choose a reason –")), *DropoutReason.choices],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Enrolment
        fields = ["notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == EnrolmentStatus.WAITING:
            self.fields["status"].choices = [
                (EnrolmentStatus.DROPPED_OUT, _("taken off the waiting list"))
            ]
            self.fields["status"].initial = EnrolmentStatus.DROPPED_OUT
            self.fields["dropout_reason"].label = _("Reason")

    def clean(self):
        data = super().clean()
        if data.get("status") == EnrolmentStatus.DROPPED_OUT and not data.get("dropout_reason"):
            self.add_error("dropout_reason", _("Say why the person dropped out."))
        if data.get("status") == EnrolmentStatus.COMPLETED:
            data["dropout_reason"] = ""
        end = data.get("end_date")
        if end and end > timezone.localdate():
            self.add_error("end_date", _("The end cannot be in the future."))
        if end and self.instance.start_date and end < self.instance.start_date:
            self.add_error("end_date", _("The end cannot be before the start."))
        return data


class EnrolmentChangeForm(VersionedForm):
    goal = GoalChoiceField(
        label=_("Plan goal this offer serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("– no goal –"),
    )

    class Meta:
        model = Enrolment
        fields = ["planned_end_date", "goal", "notes"]
        widgets = {"planned_end_date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals


def register_rows(data, *, only: int | None = None) -> list[RegisterRowInput] | None:
    """The register's rows from a POST: `rows` lists the enrolment ids, each with
    `status-<id>`, `hours-<id>` and `seen-<id>`. `only` picks one row (saving a single
    row). None if an id is not a number (a tampered form)."""
    rows = []
    for raw in data.getlist("rows"):
        try:
            enrolment_id = int(raw)
        except (TypeError, ValueError):
            return None
        if only is not None and enrolment_id != only:
            continue
        rows.append(
            RegisterRowInput(
                enrolment_id=enrolment_id,
                status=data.get(f"status-{enrolment_id}", "").strip(),
                hours=data.get(f"hours-{enrolment_id}", "").strip()[:20],
                seen=data.get(f"seen-{enrolment_id}", "").strip(),
            )
        )
    if len({row.enrolment_id for row in rows}) != len(rows):
        return None
    return rows
