"""The pairwise training loop: AdamW, warm-up + linear decay, per-epoch dev accuracy, resumable checkpoints."""
import math
import os
import time

import torch

from .losses import compute_pair_loss, get_lr_factor
from .metrics import compute_pair_metrics
from .scoring import score_pairs

CHECKPOINT_FILE = "checkpoint.pt"


def train_pairs(model, pairs, dev, options, ctx, bf16):
    """Trains in place. Returns {final_loss, dev_accuracy, pairs_per_second}, or None when SIGTERM
    stopped it (a checkpoint in output_dir lets the next attempt continue where it stopped)."""
    count = len(pairs)
    batch_size = options["batch_size"]
    batches = math.ceil(count / batch_size)
    total_steps = batches * options["epochs"]
    optimizer = torch.optim.AdamW(model.module.parameters(), lr=options["lr"], weight_decay=options["weight_decay"])
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: get_lr_factor(step, total_steps, options["warmup_ratio"]))
    checkpoint = os.path.join(ctx.output_dir, CHECKPOINT_FILE)
    state = _load_checkpoint(checkpoint, model, optimizer, schedule, options, ctx)
    weights = torch.tensor([float(p.get("weight", 1)) for p in pairs], device=model.device)
    seen, elapsed, dev_accuracy = 0, 0.0, None
    for epoch in range(state["epoch"], options["epochs"]):
        order = torch.randperm(count, generator=torch.Generator().manual_seed(options["seed"] + epoch)).tolist()
        model.module.train()
        started = time.perf_counter()
        for batch in range(state["batch"] if epoch == state["epoch"] else 0, batches):
            if ctx.terminated:
                elapsed += time.perf_counter() - started
                _save_checkpoint(checkpoint, model, optimizer, schedule, options, {**state, "epoch": epoch, "batch": batch})
                ctx.log("warn", f"stopped at epoch {epoch + 1}, batch {batch}; checkpoint {checkpoint} resumes there")
                return None
            indices = order[batch * batch_size : (batch + 1) * batch_size]
            state["losses"].append(_step(model, pairs, indices, weights, options, optimizer, bf16, epoch * batches + batch))
            schedule.step()
            seen += len(indices)
            step = epoch * batches + batch + 1
            if step % 20 == 0 or step == total_steps:
                ctx.progress(step, total_steps, f"epoch {epoch + 1}/{options['epochs']}")
        elapsed += time.perf_counter() - started
        epoch_losses = state["losses"][-batches:]
        ctx.metric("train_loss", sum(epoch_losses) / max(1, len(epoch_losses)), epoch + 1)
        if dev:
            dev_accuracy = compute_pair_metrics(*score_pairs(model, dev, "chosen", "rejected", bf16=bf16))["accuracy"]
            ctx.metric("dev_accuracy", dev_accuracy, epoch + 1)
        state = {**state, "epoch": epoch + 1, "batch": 0}
        _save_checkpoint(checkpoint, model, optimizer, schedule, options, state)
    last = state["losses"][-batches:] if state["losses"] else [0.0]
    return {
        "final_loss": sum(last) / len(last),
        "dev_accuracy": dev_accuracy,
        "pairs_per_second": seen / elapsed if elapsed > 0 else 0.0,
    }


def remove_checkpoint(output_dir):
    path = os.path.join(output_dir, CHECKPOINT_FILE)
    if os.path.exists(path):
        os.unlink(path)


def _step(model, pairs, indices, weights, options, optimizer, bf16, step):
    chosen = [pairs[i] for i in indices]
    prompts = [p["prompt"] for p in chosen]
    encoded = model.encode(prompts + prompts, [p["chosen"] for p in chosen] + [p["rejected"] for p in chosen])
    if options["token_dropout"]:
        # Seeded by the step, so a run resumed from a checkpoint draws what the uninterrupted one drew.
        generator = torch.Generator().manual_seed(options["seed"] * 7919 + step)
        encoded = _drop_tokens(encoded, options["token_dropout"], generator)
    with torch.autocast(device_type=model.device.type, dtype=torch.bfloat16, enabled=bf16):
        rewards = model.reward(encoded).float()
    loss = compute_pair_loss(
        rewards[: len(indices)], rewards[len(indices) :], weights[indices],
        loss=options["loss"], margin=options["margin"], center_coef=options["center_coef"],
    )
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return float(loss.detach())


def _save_checkpoint(path, model, optimizer, schedule, options, state):
    temp = path + ".tmp"
    torch.save({"options": options, "state": state, "model": model.module.state_dict(),
                "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict()}, temp)
    os.replace(temp, path)


def _load_checkpoint(path, model, optimizer, schedule, options, ctx):
    fresh = {"epoch": 0, "batch": 0, "losses": []}
    if not os.path.exists(path):
        return fresh
    saved = torch.load(path, map_location=model.device)
    if saved["options"] != options:
        ctx.log("info", f"ignoring {path}: it was written with other inputs")
        return fresh
    model.module.load_state_dict(saved["model"])
    optimizer.load_state_dict(saved["optimizer"])
    schedule.load_state_dict(saved["schedule"])
    ctx.log("info", f"resuming from {path} at epoch {saved['state']['epoch'] + 1}, batch {saved['state']['batch']}")
    return saved["state"]


def _drop_tokens(encoded, rate, generator):
    """Hides each token of a word-model batch (ids, mask) with probability `rate`, keeping one per row
    (as steps/ml/train/train-reward-model.ts; the draws differ, the distribution is the same)."""
    ids, mask = encoded
    kept = mask * (torch.rand(mask.shape, generator=generator) >= rate).to(mask.device, mask.dtype)
    empty = (kept.sum(dim=1) == 0) & (mask.sum(dim=1) > 0)
    kept[empty, 0] = 1
    return ids, kept
