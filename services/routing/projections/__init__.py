"""What the ProjectionRunner drives: the work queues (a read model) and the decision consumer
(a process manager that sends intake its commands)."""
