"""Intake's use cases: ``handling`` (the handlers HTTP and ``petition.commands`` share),
``commands`` (the HTTP commands with their access checks), ``reads`` and ``public``."""
