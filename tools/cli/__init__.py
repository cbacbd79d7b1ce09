"""The ``sunshine`` command: one typer app, one module per subcommand."""
