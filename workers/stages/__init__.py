"""Pure processing stages: bytes and records in, records out.

Nothing in this package may import Faust, Kafka clients or Prometheus (a ruff banned-import rule
enforces it), so the same code runs in the agents, in ``khabar process`` and in tests.
"""
