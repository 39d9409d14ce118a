"""CLI sub-commands: one module each, listed in ``callqa.cli.COMMANDS``.

Each module exposes ``NAME: str``, ``add_arguments(parser)`` and ``run(args) -> int``.
"""
