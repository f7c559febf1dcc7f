"""The privacy app's models: the access log (`access_log`), the retention rules
(`retention`) and erasure requests with their log (`erasure`)."""

from quartier.privacy.models.access_log import AccessLogEntry, AccessLogPrune
from quartier.privacy.models.erasure import ErasureLogEntry, ErasureRequest
from quartier.privacy.models.retention import RetentionRule

__all__ = [
    "AccessLogEntry",
    "AccessLogPrune",
    "ErasureLogEntry",
    "ErasureRequest",
    "RetentionRule",
]
