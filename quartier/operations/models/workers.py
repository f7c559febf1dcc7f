"""The task workers' heartbeats: each `manage.py run_worker` writes its row every few
seconds. A task still RUNNING under a worker not seen for
QUARTIER_WORKER_STALE_SECONDS (or whose process is gone, on the same host) is put
back in the queue (`services.recovery`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=200)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
