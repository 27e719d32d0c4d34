"""Linguistic anchoring: entities, speakers and pronouns, triples, time expressions."""
