"""callqa: automated QA for Chinese contact centres (application layer: config, CLI, pipeline stages)."""

__version__ = "0.1.0"
