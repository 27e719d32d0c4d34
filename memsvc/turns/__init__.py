"""Turns: the episodic record, stored verbatim and indexed."""
