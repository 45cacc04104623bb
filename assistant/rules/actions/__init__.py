"""Action items: reading them, their fields (owner, due, priority, status), SMART scores."""
