"""Errors a plugin reports as one line, without a stack trace."""


class StepInputError(Exception):
    """A mistake in the step's input or request: what, where, and how to fix it."""
