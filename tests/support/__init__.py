"""Helpers shared by tests: a tiny service, process and port checks."""
