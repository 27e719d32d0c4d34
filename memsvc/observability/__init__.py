"""Observability: JSON logs carrying the request id, and Prometheus metrics per app.

The router lives in `memsvc.observability.endpoints`, imported by the app only: it needs the
runtime dependency, and the runtime imports the metrics from here.
"""

from __future__ import annotations

from memsvc.observability.logs import (
    JsonFormatter,
    TextFormatter,
    configure_logging,
    log_access,
    request_id_var,
)
from memsvc.observability.metrics import Metrics

__all__ = [
    "JsonFormatter",
    "Metrics",
    "TextFormatter",
    "configure_logging",
    "log_access",
    "request_id_var",
]
