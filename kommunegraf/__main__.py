"""``python -m kommunegraf``: the same as the ``kommunegraf`` command."""

from kommunegraf.cli import app

app(prog_name="kommunegraf")
