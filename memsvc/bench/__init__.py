"""Benchmarks: `memsvc bench ingest` (in process), `memsvc bench scale` and `memsvc bench inspect`
(a real server)."""
