"""The auditor's replay: read the petition log and rebuild who did what when, and which
deadlines were met or missed (``sunshine replay``)."""
