"""The publish stage: see docs/architecture.md."""
