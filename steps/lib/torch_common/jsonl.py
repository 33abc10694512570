"""Reads and writes the JSON-lines files SER steps exchange (docs/ser-files.md), with file:line errors."""
import json
import os
import tempfile

from ser_flow_sdk import StepInputError


def read_jsonl(path, what, required=()):
    """Returns the objects of a JSON-lines file; each must be an object with the `required` keys.

    `what` names the input (e.g. "train") so a message says which input is wrong.
    """
    if not os.path.isfile(path):
        raise StepInputError(f"input `{what}`: {path} does not exist or is not a file; pass the path of a JSON-lines file")
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise StepInputError(f"{path}:{number}:{error.colno}: input `{what}` is not JSON Lines: {error.msg}") from error
            if not isinstance(row, dict):
                raise StepInputError(f"{path}:{number}: input `{what}` expects one JSON object per line, found {type(row).__name__}")
            missing = [key for key in required if key not in row]
            if missing:
                raise StepInputError(
                    f"{path}:{number}: input `{what}` line lacks {', '.join(missing)} "
                    f"(each line needs {', '.join(required)}; see docs/ser-files.md)"
                )
            rows.append(row)
    return rows


def read_pairs(path, what):
    """Labelled pairs {id, prompt, chosen, rejected, weight?}; weight defaults to 1."""
    rows = read_jsonl(path, what, ("id", "prompt", "chosen", "rejected"))
    for number, row in enumerate(rows, start=1):
        weight = row.get("weight", 1)
        if not isinstance(weight, (int, float)) or weight < 0:
            raise StepInputError(f"{path}: pair {row['id']!r} (record {number}) has weight {weight!r}; expected a number >= 0")
    return rows


def _write_atomic(path, suffix, write):
    """Writes through a temp file in the same folder + rename, so a reader never sees half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            write(out)
        os.chmod(temp, 0o644)  # mkstemp creates 0600
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def write_jsonl(path, rows):
    """Atomic JSON Lines write."""
    _write_atomic(path, ".jsonl", lambda out: out.writelines(json.dumps(row, allow_nan=False) + "\n" for row in rows))


def write_json(path, value):
    """Atomic JSON write (pretty, for config files people read)."""

    def write(out):
        json.dump(value, out, indent=2, allow_nan=False)
        out.write("\n")

    _write_atomic(path, ".json", write)
