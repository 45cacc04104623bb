"""Timeline reconstruction: classify evidence lines, collapse noise, pick milestones."""
