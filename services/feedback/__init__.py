"""Feedback: satisfaction ratings and their figures, the revisit (回头看) loop, the petitioners'
notices and survey, and the people's suggestions (人民建议征集) with their campaigns."""
