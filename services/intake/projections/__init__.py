"""What keeps intake's ``petitions`` table (``tables.py``): written in the same transaction as
the events (intake is the writer, so its reads are consistent at once) and rebuildable from
them (``rebuild``). The ``petition.commands`` subscriber the ``ProjectionRunner`` drives is an
entry to the application (``application/command_consumer.py``), like the HTTP routes."""
