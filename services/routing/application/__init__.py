"""Routing's use cases: the queue and history reads, the rule-set versions, the commands for
intake. They open the transactions and raise the domain errors the API answers with."""
