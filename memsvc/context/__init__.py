"""Context: the best memories packed into a token budget for a chat LLM."""
