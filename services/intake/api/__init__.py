"""Intake's HTTP API under ``/api/v1``: thin routes that parse, call ``application``, respond."""
