"""The validate stage: see docs/architecture.md."""
