"""The load stage: see docs/architecture.md."""
