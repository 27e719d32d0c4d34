"""The memory inspector at /inspect: server-rendered pages over the same domain services as
the REST API (see memsvc.inspect.endpoints)."""

from memsvc.inspect.endpoints import mount_inspector

__all__ = ["mount_inspector"]
