"""What keeps intake's ``petitions`` table (``tables.py``): written in the same transaction as
the events (intake is the writer, so its reads are consistent at once) and rebuildable from
them (``rebuild``); and ``commands``, the ``petition.commands`` subscriber the
``ProjectionRunner`` drives."""
