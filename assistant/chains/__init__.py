"""LangChain runnables: prompt | model | parser, grounded against the analysis layer."""
