"""The eval suite's data: cases/<id>/ and baseline.json, installed as ``assistant.evals.suite``."""
