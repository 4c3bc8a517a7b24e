"""Analyses: themes, keywords, KWIC, sources, tokens and the groups they add up into."""
