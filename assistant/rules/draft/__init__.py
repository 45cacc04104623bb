"""The offline first draft: the whole template from evidence and rules."""
