"""Finds a Python that can import the modules a plugin needs, and re-executes the plugin with it.

`python3` on PATH is often a pyenv or venv interpreter without torch while the system one has it
(Debian's python3-torch lives in /usr/bin/python3). A manifest cannot know which, so the plugin asks.
"""
import importlib.util
import os
import shutil
import subprocess
import sys

from .errors import StepInputError

_REEXEC_FLAG = "SER_FLOW_PYTHON_REEXEC"
_PROBE = "import importlib.util,sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in sys.argv[1:]) else 1)"


def has_modules(modules):
    """True when this interpreter can import every module (without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in modules)


def get_candidate_pythons(env=None):
    """The system python3, then the python3 on PATH (SER_FLOW_PYTHON is handled before these)."""
    env = os.environ if env is None else env
    found = []
    for candidate in ("/usr/bin/python3", shutil.which("python3", path=env.get("PATH"))):
        if candidate and os.path.exists(candidate) and candidate not in found:
            found.append(candidate)
    return found


def ensure_modules(modules, argv=None, env=None):
    """Returns when this is the Python to use; otherwise re-executes argv with the right one.

    SER_FLOW_PYTHON, when set, always wins; else this interpreter if it has `modules`; else the first
    candidate that has them. Raises StepInputError (with the fix) when none has them.
    """
    env = os.environ if env is None else env
    argv = sys.argv if argv is None else argv
    here = os.path.realpath(sys.executable)
    if not env.get(_REEXEC_FLAG):
        preferred = env.get("SER_FLOW_PYTHON")
        if preferred and os.path.realpath(preferred) != here:
            if not os.path.exists(preferred):
                raise StepInputError(f"SER_FLOW_PYTHON is {preferred!r}, which does not exist; point it at a Python with {', '.join(modules)} or unset it")
            _reexec(preferred, argv, env)
        if not preferred and not has_modules(modules):
            for candidate in get_candidate_pythons(env):
                if os.path.realpath(candidate) == here:
                    continue
                probe = subprocess.run([candidate, "-c", _PROBE, *modules], capture_output=True, check=False)
                if probe.returncode == 0:
                    _reexec(candidate, argv, env)
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise StepInputError(
            f"this step needs the Python module(s) {', '.join(missing)}, which {sys.executable} "
            f"(Python {sys.version.split()[0]}) cannot import"
            f"{'' if env.get('SER_FLOW_PYTHON') else ', nor can ' + (', '.join(get_candidate_pythons(env)) or 'any other python3')}. "
            "Fix: install them (Debian: apt-get install python3-torch; pip: pip install torch), "
            "or set SER_FLOW_PYTHON to a Python that has them; `ser-flow doctor` shows what is usable."
        )


def _reexec(python, argv, env):
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(python, [python, *argv], {**env, _REEXEC_FLAG: "1"})
