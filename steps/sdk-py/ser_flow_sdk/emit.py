"""Appends JSON-lines events (schemas/events.schema.json) to the request's events file."""
import json
import math
import time

_LEVELS = ("debug", "info", "warn", "error")


class Emitter:
    """Each event is appended and flushed at once, so a result is on disk before the process exits."""

    def __init__(self, events_file):
        self.events_file = events_file

    def emit(self, event):
        line = json.dumps({**event, "t": time.time() * 1000}, allow_nan=False)
        with open(self.events_file, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def progress(self, current, total=None, message=None):
        event = {"type": "progress", "current": current}
        if total is not None:
            event["total"] = total
        if message:
            event["message"] = message
        self.emit(event)

    def metric(self, name, value, step=None):
        value = float(value)
        if not math.isfinite(value):
            # JSON has no NaN/Infinity; say so in the log instead of writing an invalid line.
            self.log("warn", f"metric {name} is {value} (not finite): not recorded")
            return
        event = {"type": "metric", "name": name, "value": value}
        if step is not None:
            event["step"] = int(step)
        self.emit(event)

    def log(self, level, message):
        if level not in _LEVELS:
            raise ValueError(f"log level {level!r} is not one of {', '.join(_LEVELS)}")
        self.emit({"type": "log", "level": level, "message": str(message)})

    def artifact(self, name, path):
        self.emit({"type": "artifact", "name": name, "path": str(path)})

    def result(self, outputs):
        self.emit({"type": "result", "outputs": outputs})
