"""Chooses the torch device: CUDA when the lease exposes one (CUDA_VISIBLE_DEVICES), else CPU."""
import os

import torch

from ser_flow_sdk import StepInputError

# TF.js backend names a workflow may pass unchanged when it switches implementation (steps/ml/backend).
_TFJS_BACKENDS = ("node-gpu", "node", "wasm", "cpu-tfjs", "tensorflow", "webgpu")


def select_device(backend=None, log=None):
    """Returns (torch.device, bf16: bool, description) for the requested backend.

    `backend`: None/"auto" → CUDA if visible else CPU; "cpu"; "cuda"/"gpu" (fails without CUDA).
    """
    requested = (backend or "auto").lower()
    cuda = torch.cuda.is_available()
    if requested in _TFJS_BACKENDS:
        if log:
            log("info", f"backend {backend!r} is a TF.js backend name; the torch implementation uses {'cuda' if cuda else 'cpu'}")
        requested = "auto"
    if requested in ("cuda", "gpu") and not cuda:
        visible = os.environ.get("CUDA_VISIBLE_DEVICES")
        # A lease exposed GPUs, so the fault is torch or the driver, not the workflow.
        fix = (
            "install a CUDA build of torch (torch.version.cuda is "
            f"{torch.version.cuda!r}) and check the driver with nvidia-smi, or use backend: auto"
            if visible
            else "give the state `resources: {gpus: 1}` (or the plugin's manifest), or use backend: auto"
        )
        raise StepInputError(
            f"backend {backend!r} asks for CUDA but torch {torch.__version__} sees no CUDA device "
            f"(CUDA_VISIBLE_DEVICES={visible!r}). Fix: {fix}"
        )
    if requested not in ("auto", "cpu", "cuda", "gpu"):
        raise StepInputError(f"backend {backend!r} is not known to the torch implementation; use auto, cpu or cuda")
    if requested != "cpu" and cuda:
        device = torch.device("cuda")
        name = torch.cuda.get_device_name(device)
        return device, torch.cuda.is_bf16_supported(), f"cuda:{torch.cuda.current_device()} {name}"
    threads = torch.get_num_threads()
    return torch.device("cpu"), False, f"cpu ({threads} thread{'' if threads == 1 else 's'})"


def get_backend_name(device):
    """The `backend` output: torch-cuda or torch-cpu."""
    return f"torch-{device.type}"
