"""memsvc's benchmark runner: LoCoMo and LongMemEval-style probes, scored the way the field does."""
