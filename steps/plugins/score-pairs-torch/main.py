"""score-pairs, torch implementation: rewards for both responses of each pool pair → scores.jsonl."""
import math
import os
import sys

# No install step: the SDK and torch_common are found in steps/sdk-py and steps/lib.
_STEPS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(_STEPS, "sdk-py"), os.path.join(_STEPS, "lib")]

from ser_flow_sdk import run_step  # noqa: E402


def score_pool(ctx):
    from torch_common.device import get_backend_name, select_device  # noqa: PLC0415
    from torch_common.jsonl import read_jsonl, write_jsonl  # noqa: PLC0415
    from torch_common.metrics import compute_mean_std  # noqa: PLC0415
    from torch_common.model_dir import load_model  # noqa: PLC0415
    from torch_common.scoring import score_pairs  # noqa: PLC0415

    inputs = ctx.inputs
    device, bf16, device_name = select_device(inputs.get("backend"), ctx.log)
    model, _ = load_model(inputs["model"], device)
    pool = read_jsonl(inputs["pairs"], "pairs", ("id", "prompt", "a", "b"))
    r_a, r_b = score_pairs(model, pool, "a", "b", batch_size=int(inputs.get("batch_size", 64)), bf16=bf16)
    rows = [
        {"id": pair["id"], "r_a": a, "r_b": b, "p_a": _sigmoid(a), "p_b": _sigmoid(b)}
        for pair, a, b in zip(pool, r_a, r_b)
    ]
    path = os.path.join(ctx.output_dir, "scores.jsonl")
    write_jsonl(path, rows)
    mean, std = compute_mean_std(r_a + r_b)
    ctx.artifact("scores", path)
    ctx.result({
        "scores": path, "count": len(rows), "reward_mean": mean, "reward_std": std,
        "backend": get_backend_name(device), "implementation": "torch", "device": device_name,
    })


def _sigmoid(value):
    # Stable for large |value|: σ(r) = 1/(1+e^-r) overflows e^-r for r << 0.
    return 1 / (1 + math.exp(-value)) if value >= 0 else math.exp(value) / (1 + math.exp(value))


if __name__ == "__main__":
    run_step(score_pool, requires=["torch"])
