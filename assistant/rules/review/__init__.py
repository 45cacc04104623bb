"""The rules review of a written postmortem and its completeness check."""
