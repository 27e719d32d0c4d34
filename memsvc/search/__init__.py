"""Search: hybrid (dense + lexical) retrieval over a user's memory."""
