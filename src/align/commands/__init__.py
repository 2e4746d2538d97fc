"""CLI commands: one module per command, each with ``register(app)``.

Modules here must import only typer, rich and light parts of align at module level;
anything heavy is imported inside the command function.
"""
