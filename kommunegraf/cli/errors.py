"""One mapping from errors to exit codes, used by every command (README, "Exit codes").

Every command runs inside ``errors_to_exit_codes`` (``exit_codes`` wraps it when it is registered): an error the
library raises on purpose (a ``KommunegrafError``) becomes one line on stderr, ``error: <message>``, and the exit
code of the nearest class in its ancestry that ``EXIT_CODES`` names:

====  ======================================================================================================
code  when
====  ======================================================================================================
0     done
1     the work was begun and not done in full. Input files that could not be read (a build's failed files;
      ``LoaderError``: the file ``text`` was given), a Neo4j load or query that failed at the server
      (``Neo4jLoadError``, ``Neo4jQueryError``), nothing to act on or a question answered no (``NotDone``:
      no development server running, ``--wipe`` not confirmed).
2     a bad option, input path or input: nothing was done. ``UsageError`` (the command's own checks: a path
      that names nothing, an IRI that is none, ``--yes`` needed where no one can be asked), a graph.json,
      report.json or import folder that is not one, Neo4j settings that do not reach a server
      (``Neo4jConfigError``), a development server that cannot start, and every other ``KommunegrafError``.
      Click's own usage errors (an unknown option, a value of the wrong type) exit 2 too.
3     the output cannot be written (``OutputError``; an ``OSError`` raised while writing, through
      ``writing_to``): what was there is left as it was.
130   interrupted (Ctrl-C; ``kommunegraf.__main__``): the outputs are as they were. 143: SIGTERM, the same.
====  ======================================================================================================

An input file that is not what it should be is a bad input (2), not a failed output, whichever class its reader
raised: ``reading`` says so of the block that reads one. Anything else (a bug) keeps its traceback.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer

from kommunegraf.cli.output import error
from kommunegraf.errors import KommunegrafError, OutputError

EXIT_OK = 0
EXIT_FAILED = 1  # the work was begun and not done in full
EXIT_FILES_FAILED = EXIT_FAILED  # some input files could not be read (the others were); or none could
EXIT_USAGE = 2  # a bad option or input path: nothing was done
EXIT_OUTPUT = 3  # the output could not be written: what was there is left as it was
EXIT_INTERRUPTED = 130  # Ctrl-C: outputs as they were

# Classes by qualified name, not imported: the Neo4j store's module imports the driver, which `kommunegraf --help`
# must start without. tests/test_cli_errors.py checks that each name is a KommunegrafError.
EXIT_CODES: dict[str, int] = {
    "kommunegraf.errors.OutputError": EXIT_OUTPUT,
    "kommunegraf.errors.LoaderError": EXIT_FILES_FAILED,
    "kommunegraf.stores.neo4j_store.Neo4jLoadError": EXIT_FAILED,
    "kommunegraf.stores.neo4j_session.Neo4jQueryError": EXIT_FAILED,
    "kommunegraf.cli.errors.NotDone": EXIT_FAILED,
    "kommunegraf.cli.errors.UsageError": EXIT_USAGE,
    "kommunegraf.errors.KommunegrafError": EXIT_USAGE,
}


class UsageError(KommunegrafError):
    """A bad option or input a command found itself, before any work."""


class NotDone(KommunegrafError):
    """A command that did not do its work: nothing to act on, or the user said no."""


def exit_code(problem: KommunegrafError) -> int:
    """The exit code for ``problem``: that of the nearest class in its ancestry ``EXIT_CODES`` names."""
    for cls in type(problem).__mro__:
        code = EXIT_CODES.get(f"{cls.__module__}.{cls.__qualname__}")
        if code is not None:
            return code
    return EXIT_USAGE  # unreachable: KommunegrafError is named


@contextlib.contextmanager
def errors_to_exit_codes() -> Iterator[None]:
    """The library's errors as one line on stderr and the exit code of their class; any other exception passes."""
    try:
        yield
    except KommunegrafError as problem:
        error(str(problem))
        raise typer.Exit(exit_code(problem)) from None


P = ParamSpec("P")
R = TypeVar("R")


def exit_codes(command: Callable[P, R]) -> Callable[P, R]:
    """``command`` run inside ``errors_to_exit_codes``; its signature and help stay as they are (typer reads
    them through ``__wrapped__``)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with errors_to_exit_codes():
            return command(*args, **kwargs)

    run.maps_errors = True  # type: ignore[attr-defined]  # what tests/test_cli_errors.py looks for on every command
    return run


@contextlib.contextmanager
def writing_to(target: Path) -> Iterator[None]:
    """An ``OSError`` while writing ``target`` as the ``OutputError`` it is, naming the file that failed."""
    try:
        yield
    except OSError as problem:
        raise OutputError(f"{problem.filename or target}: cannot write output: {problem.strerror or problem}") from None


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """An input file's reader that says ``OutputError`` ("cannot be written or read") of a file that is not what
    it should be: a bad input, ``UsageError``."""
    try:
        yield
    except OutputError as problem:
        raise UsageError(str(problem)) from None
