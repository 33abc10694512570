"""Reads the step request the engine hands a plugin (protocol 1)."""
import json
import os
import sys

from .errors import StepInputError

_REQUIRED = ("protocol", "inputs", "output_dir", "events_file")


def read_request(argv=None, env=None):
    """Loads the request from SER_FLOW_REQUEST, else the last argument (the engine sets both)."""
    argv = sys.argv if argv is None else argv
    env = os.environ if env is None else env
    path = env.get("SER_FLOW_REQUEST") or (argv[-1] if len(argv) > 1 else None)
    if not path or not path.endswith(".json"):
        raise StepInputError(
            "no step request: run this plugin through ser-flow "
            "(it passes request.json as the last argument and in SER_FLOW_REQUEST)"
        )
    try:
        with open(path, encoding="utf-8") as handle:
            request = json.load(handle)
    except OSError as error:
        raise StepInputError(f"cannot read the step request {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise StepInputError(f"{path}:{error.lineno}:{error.colno}: the step request is not JSON: {error.msg}") from error
    missing = [key for key in _REQUIRED if key not in request]
    if missing:
        raise StepInputError(f"{path}: the step request lacks {', '.join(missing)} (see schemas/request.schema.json)")
    if request["protocol"] != 1:
        raise StepInputError(f"{path}: protocol {request['protocol']!r} is not supported by this SDK (expected 1)")
    return request
