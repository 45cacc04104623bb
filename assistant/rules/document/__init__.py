"""Reading a written postmortem (Markdown or plain text) into the domain model."""
