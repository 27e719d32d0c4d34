"""SQL storage: the source of truth for users, sessions, turns and memories."""
