"""Supervision (督查督办): deadlines and their lights, urging and supervising, overdue cases for
discipline inspectors, accountability records (reads petition.events; DESIGN.md)."""
