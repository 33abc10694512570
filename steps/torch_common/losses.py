"""Pairwise reward-model losses (TRL RewardTrainer semantics; rlhf-anchors.md §1.1, §7)."""
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


def get_lr_factor(step, total_steps, warmup_steps):
    """Linear warm-up, then linear decay to 0 (the SER code's schedule)."""
    if warmup_steps and step < warmup_steps:
        return (step + 1) / warmup_steps
    remaining = max(1, total_steps - warmup_steps)
    return max(0.0, (total_steps - step) / remaining)

