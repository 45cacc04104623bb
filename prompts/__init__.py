"""Versioned prompt files (<id>/v<N>.yaml), installed as ``assistant.prompt_files``."""
