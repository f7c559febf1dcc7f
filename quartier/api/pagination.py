"""The pagination of the API's lists of personal data: `PersonalPagination` records
each page served in the access log (`quartier.privacy`). Apart from `schemas.py`, which
core's API uses too and which must not reach a feature app."""

from quartier.api.schemas import Pagination
from quartier.privacy.services.access_log import access_log_record


class PersonalPagination(Pagination):
    """The pagination of a list of participants' data (participants, cases and their
    records, enrolments, attendance, certificates, requests, placements): records one
    access-log entry per page served, naming the model and how many rows it held (one
    entry cannot name the participants of a list)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        page[self.items_attribute] = items
        model = getattr(queryset, "model", None) or (type(items[0]) if items else None)
        if model is not None and hasattr(model, "_meta"):
            access_log_record(
                actor=request.auth,
                action="list",
                record=model,
                detail=f"{model._meta.label_lower} list (API), {len(items)} rows",
            )
        return page
