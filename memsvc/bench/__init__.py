"""Benchmarks: `memsvc bench ingest` (in process) and `memsvc bench scale` (a real server)."""
