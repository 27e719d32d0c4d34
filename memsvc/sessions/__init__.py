"""Sessions: conversations of a user."""
