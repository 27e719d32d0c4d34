"""Export and import: a tenant's (or one user's) memory as versioned JSON lines, carrying
public ids, and loaded back, re-scoped, into any tenant of any store (docs/export-format.md)."""
