"""Supervision's pure rules: the deadline fold, the lights, the office's actions, who sees
what, and the auditor's timeline. No I/O here."""
