"""The load test's client and scenarios (scripts/loadtest.py runs them)."""
