"""ser-flow step-plugin SDK for Python: the same protocol as the TypeScript SDK in steps/sdk."""
from .request import read_request
from .emit import Emitter
from .errors import StepInputError
from .interpreter import ensure_modules, has_modules
from .step import StepContext, run_step

__all__ = ["ensure_modules", "has_modules", "read_request", "Emitter", "StepContext", "StepInputError", "run_step"]
