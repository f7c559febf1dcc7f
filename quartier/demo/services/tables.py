"""Writing rows in bulk for the demo: `_Table` (the rows of one model: COPY on
PostgreSQL, `executemany` elsewhere, no model instances and no signals) and `_Rows`
(the tables of the case files, written at the end of every batch). The demo's offers
use `_Table` too (`demo.offers.writing`).
"""

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from quartier.cases.models import (
    Assessment,
    Case,
    Contact,
    FollowUp,
    Goal,
    Plan,
)
from quartier.participants.models import (
    Consent,
    FirstContact,
    Participant,
)


class _Table:
    """Rows of one model, written in bulk: COPY on PostgreSQL, `executemany` elsewhere.

    No model instances and no signals (so no audit entry per row): at a million
    contacts the ORM's per-object work would take minutes. Columns not given take the
    field's default; `created_at` and `updated_at` are the time of the seed. `next_id()`
    hands out primary keys for rows that others point to; `_Rows.reset_sequences` moves
    PostgreSQL's sequences past them afterwards.
    """

    def __init__(self, model, *, with_ids: bool = False):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
        now = timezone.now()
        self.defaults = {
            f.attname: now if f.attname in ("created_at", "updated_at") else f.get_default()
            for f in fields
            if not f.primary_key
        }
        self.attnames = [f.attname for f in fields]
        self.adapters = [self._adapter(f, now) for f in fields]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Names from the model's meta, quoted; the values go as parameters.
        self.insert = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.rows: list[dict] = []
        self.written = 0
        self._next_id = None

    @staticmethod
    def _adapter(f, now):
        if isinstance(f, models.DateTimeField):
            adapt = connection.ops.adapt_datetimefield_value
            adapted_now = adapt(now)
            return lambda value: adapted_now if value is now else adapt(value)
        if isinstance(f, models.DateField):
            return connection.ops.adapt_datefield_value
        if isinstance(f, models.JSONField):
            cache = {}

            def adapt_json(value):
                key = repr(value)
                if key not in cache:
                    cache[key] = f.get_db_prep_save(value, connection)
                return cache[key]

            return adapt_json
        if isinstance(f, models.CharField | models.TextField):
            # Plain strings: a database driver may adapt an enum member by its name.
            return lambda value: value if value is None else str(value)
        return None

    def next_id(self) -> int:
        if self._next_id is None:
            highest = self.model.objects.aggregate(highest=Max("pk"))["highest"]
            self._next_id = (highest or 0) + 1
        self._next_id += 1
        return self._next_id - 1

    def add(self, **values) -> None:
        self.rows.append(self.defaults | values)

    def write(self) -> None:
        adapters = list(zip(self.attnames, self.adapters, strict=True))
        rows = [
            tuple(adapt(row[name]) if adapt else row[name] for name, adapt in adapters)
            for row in self.rows
        ]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # PostgreSQL's bulk path; the driver would parse a long INSERT every time.
                with cursor.cursor.copy(self.copy) as copy:
                    for row in rows:
                        copy.write_row(row)
            elif rows:
                cursor.executemany(self.insert, rows)
        self.written += len(rows)
        self.rows = []


class _Rows:
    """The child rows of the case files; written at the end of every batch."""

    def __init__(self):
        self.participants = _Table(Participant, with_ids=True)
        self.cases = _Table(Case, with_ids=True)
        self.consents = _Table(Consent)
        self.assessments = _Table(Assessment, with_ids=True)
        self.assessment_skills = _Table(Assessment.skills.through)
        self.plans = _Table(Plan, with_ids=True)
        self.goals = _Table(Goal)
        self.contacts = _Table(Contact)
        self.follow_ups = _Table(FollowUp)
        self.first_contacts = _Table(FirstContact)
        self.tables = [
            self.participants,
            self.cases,
            self.consents,
            self.assessments,
            self.assessment_skills,
            self.plans,
            self.goals,
            self.contacts,
            self.follow_ups,
            self.first_contacts,
        ]

    def write(self) -> None:
        for table in self.tables:
            table.write()

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(
            no_style(), [Participant, Case, Assessment, Plan]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
