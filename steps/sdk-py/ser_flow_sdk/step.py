"""Runs a plugin's main function with the request loaded and SIGTERM wired to a flag and callbacks."""
import signal
import sys
import traceback

from .emit import Emitter
from .errors import StepInputError
from .interpreter import ensure_modules
from .request import read_request

EXIT_TERMINATED = 143
# Goes with an `error` event of kind `input` (docs/protocol.md).
EXIT_INPUT = 2


class StepContext:
    """What a step's main function receives: the request, its inputs, event emitters and termination state."""

    def __init__(self, request, emitter):
        self.request = request
        self.inputs = request["inputs"]
        self.output_dir = request["output_dir"]
        self.seed = request.get("seed", 0)
        self.terminated = False
        self._emitter = emitter
        self._on_terminate = []
        self.progress = emitter.progress
        self.metric = emitter.metric
        self.log = emitter.log
        self.artifact = emitter.artifact
        self.result = emitter.result

    def on_terminate(self, callback):
        """Registers a callback (e.g. write a checkpoint) that runs once when SIGTERM arrives."""
        self._on_terminate.append(callback)

    def _handle_signal(self, signum, _frame):
        if self.terminated:
            return
        self.terminated = True
        self.log("warn", f"received {signal.Signals(signum).name}: stopping at the next checkpoint")
        for callback in self._on_terminate:
            callback()


def run_step(main, requires=(), argv=None, env=None):
    """Calls main(ctx) and exits: 0 on success, 2 on a StepInputError, 1 on another error, 143 when terminated.

    `requires` lists Python modules the step imports; when this interpreter lacks them, the plugin is
    re-executed with one that has them (see interpreter.py) before anything is emitted.

    Long loops should check ctx.terminated, checkpoint into ctx.output_dir and return; the engine
    escalates to SIGKILL after its grace period.
    """
    emitter = None
    ctx = None
    code = 0
    try:
        request = read_request(argv, env)
        emitter = Emitter(request["events_file"])
        ensure_modules(list(requires), argv, env)
        ctx = StepContext(request, emitter)
        signal.signal(signal.SIGTERM, ctx._handle_signal)
        signal.signal(signal.SIGINT, ctx._handle_signal)
        main(ctx)
        code = EXIT_TERMINATED if ctx.terminated else 0
    except StepInputError as error:
        code = _report(emitter, str(error), ctx, bad_input=True)
    except Exception:  # noqa: BLE001 - any crash becomes an error log plus a non-zero exit
        code = _report(emitter, traceback.format_exc().rstrip(), ctx)
    sys.stdout.flush()
    sys.exit(code)


def _report(emitter, message, ctx, bad_input=False):
    """A bad input also sends an `error` event of kind `input` and exits 2: the engine does not retry it."""
    terminated = ctx is not None and ctx.terminated
    if emitter is not None:
        emitter.log("error", message)
        if bad_input and not terminated:
            emitter.emit({"type": "error", "kind": "input", "message": message})
    print(message, file=sys.stderr)
    if terminated:
        return EXIT_TERMINATED
    return EXIT_INPUT if bad_input else 1
