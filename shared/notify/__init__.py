"""How messages leave the system (SMS): one ``Notifier`` interface, a file adapter for the
embedded default and an HTTP SMS gateway adapter for production. Feedback's notices and
intake's verification codes both go through it."""

from shared.notify.notifiers import DeliveryError, FileNotifier, HttpSmsNotifier, Notifier, Outgoing

__all__ = ["DeliveryError", "FileNotifier", "HttpSmsNotifier", "Notifier", "Outgoing"]
