"""Tenants and their API keys: every user, session and memory belongs to one tenant."""
