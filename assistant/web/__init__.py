"""The Gradio app: one module per tab, handlers at module level, one error mapping."""
