"""The ``kommunegraf`` command's entry point (also ``python -m kommunegraf``).

Ctrl-C and SIGTERM end every command the same way, at any moment (during
the imports too): the work stops, worker processes are stopped with it,
outputs are left as they were (every output file is written atomically),
and one line says so. The exit code is 130 for Ctrl-C and 143 for SIGTERM.
A signal that comes once the command's work is done changes nothing.
"""

from __future__ import annotations

import os
import signal
import sys

_stopped_by: list[int] = []  # the signal that stopped the command's work, if one did
_finished: list[bool] = []  # the work is over: a signal now is let go


def _stop(signum: int, _frame: object) -> None:
    if _stopped_by or _finished:
        return  # a second signal while the first unwinds, or one after the work: nothing left to stop
    _stopped_by.append(signum)
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    code: object = 0
    try:
        try:
            from kommunegraf.cli import app

            app(prog_name="kommunegraf")
        finally:
            _finished.append(True)
    except SystemExit as exit:
        code = exit.code
    except BaseException:
        if not _stopped_by:
            raise
        # stopped: whatever the signal broke on its way out (a library may wrap the KeyboardInterrupt) is moot
    if _stopped_by:
        if code not in (0, None):  # a command whose normal end is Ctrl-C (serve) returns 0 and says so itself
            sys.stderr.write("error: interrupted; outputs are as they were\n")
        sys.stdout.flush()
        sys.stderr.flush()
        # Python 3.11 marks a KeyboardInterrupt raised inside eval()/exec() of a string (dataclasses and
        # typing do that while modules import) as unhandled, even when caught, and would end the process by
        # SIGINT instead of this exit code. The work is unwound by now, the workers stopped, so exit here.
        os._exit(0 if code in (0, None) else 143 if _stopped_by[0] == signal.SIGTERM else 130)
    # the work is done: a signal during the interpreter's shutdown (which puts the default handlers back) must
    # not turn a finished command into one killed by a signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(code)


if __name__ == "__main__":
    main()
