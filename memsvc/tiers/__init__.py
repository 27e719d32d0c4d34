"""Memory tiers around the episodic store: working memory, facts, scratchpad, episodes."""
