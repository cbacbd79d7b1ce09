"""Supervision (督查督办): deadlines and red/yellow/green lights, urging and supervising, overdue
cases for discipline inspectors, accountability records. Reads ``petition.events``; owns its
streams and publishes ``supervision.events`` and ``supervision.overdue`` (DESIGN.md)."""
