"""The operations app's models, one module per area (re-exported here for Django):

- `scheduling`: a daily job's run per due date (JobRun), with its attempts;
- `workers`: the task workers' heartbeats (WorkerHeartbeat).
"""

from quartier.operations.models.scheduling import JobRun
from quartier.operations.models.workers import WorkerHeartbeat

__all__ = ["JobRun", "WorkerHeartbeat"]
