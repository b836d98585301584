"""The transform stage: see docs/architecture.md."""
