"""What the appointment form's spam protection must share between every worker
process: used form tokens and the counters of the hourly limits. In the database
(not in a process's memory or the cache), so that a unique constraint and a
conditional UPDATE make each check-and-use one atomic step. No address is stored:
counters are keyed by a keyed hash (see "Spam and forgery protection" in `services`).
Never shown to anyone, so the names stay untranslated."""

from django.db import models


class UsedRequestToken(models.Model):
    """A form token that has been used; its nonce can never be used again (until the
    token would have expired anyway, when the row is deleted)."""

    nonce = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "used request token"
        verbose_name_plural = "used request tokens"

    def __str__(self) -> str:
        return f"token used at {self.used_at:%Y-%m-%d %H:%M}"


class RequestCounter(models.Model):
    """How often one address (keyed hash) did one thing in the current hour."""

    key = models.CharField(max_length=100, unique=True)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "request counter"
        verbose_name_plural = "request counters"

    def __str__(self) -> str:
        return f"{self.count} since {self.window_start:%Y-%m-%d %H:%M}"


class ContentVersion(models.Model):
    """The version of everything the public pages and the HSDS API show: one row,
    bumped (one UPDATE) whenever an offer, place, schedule, holiday exception,
    translation, district, project or organisation is saved or deleted
    (`services.public_cache`). Every app server reads it once per public request, so
    the cached pages of all of them go stale at the same moment, without a shared
    cache."""

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "public content version"
        verbose_name_plural = "public content versions"

    def __str__(self) -> str:
        return f"version {self.version} of {self.changed_at:%Y-%m-%d %H:%M}"
