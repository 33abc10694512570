"""Pairwise reward-model losses (TRL RewardTrainer semantics; rlhf-anchors.md §1.1, §7)."""
import math

import torch.nn.functional as F


def compute_pair_loss(r_chosen, r_rejected, weights, loss="bt", margin=0.0, center_coef=0.0):
    """bt: -log σ(r_c - r_r - margin); hinge: max(0, margin - (r_c - r_r)). Weighted mean over pairs,
    plus center_coef · mean((r_c + r_r)²), which pins the reward scale that σ(r) thresholds read."""
    diff = r_chosen - r_rejected
    if loss == "hinge":
        per_pair = F.relu(margin - diff)
    else:
        per_pair = -F.logsigmoid(diff - margin)
    total = (per_pair * weights).mean()
    if center_coef:
        total = total + center_coef * ((r_chosen + r_rejected) ** 2).mean()
    return total


def get_lr_factor(step, total_steps, warmup_ratio):
    """Linear warm-up over ceil(warmup_ratio · total_steps) steps, then linear decay to 0 at
    total_steps (the SER code's schedule; same as steps/ml/optim/lr-schedule.ts). `step` is 0-based."""
    warmup = math.ceil(warmup_ratio * total_steps)
    if step < warmup:
        return (step + 1) / warmup
    left = total_steps - warmup
    if left <= 0:
        return 1.0
    return max(0.0, (total_steps - step) / left)

