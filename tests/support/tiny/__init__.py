"""A tiny service wired exactly like a real one (see ``main.py``)."""
