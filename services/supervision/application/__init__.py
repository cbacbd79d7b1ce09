"""Supervision's use cases: the office's and inspectors' commands, the reads, the deadline
scheduler and the auditor's replay. They open the transactions and raise domain errors."""
