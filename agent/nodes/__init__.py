"""The graph's nodes: one module per path (intake, drafting, debug, question, finish)."""
