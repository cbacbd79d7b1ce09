"""The service skeleton: settings, logging, health, metrics, lifecycle."""
