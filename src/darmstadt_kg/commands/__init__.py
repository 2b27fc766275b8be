"""Click commands, one module per capability; each is a thin shell over a plain function."""
