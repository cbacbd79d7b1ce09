"""Intake: registers petitions and writes every petition's stream (HTTP and the
``petition.commands`` topic), with its ``petitions`` read model in the same transaction."""
