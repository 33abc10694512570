"""Batched, gradient-free reward computation."""
import torch


def score_responses(model, prompts, responses, batch_size=64, bf16=False):
    """Rewards (float list) for each (prompt, response), in eval mode."""
    model.module.eval()
    rewards = []
    with torch.no_grad(), torch.autocast(device_type=model.device.type, dtype=torch.bfloat16, enabled=bf16):
        for start in range(0, len(prompts), batch_size):
            encoded = model.encode(prompts[start : start + batch_size], responses[start : start + batch_size])
            rewards.extend(model.reward(encoded).float().cpu().tolist())
    return rewards


def score_pairs(model, pairs, first, second, batch_size=64, bf16=False):
    """(r_first, r_second) lists for pairs, e.g. first="chosen", second="rejected"."""
    prompts = [pair["prompt"] for pair in pairs]
    rewards = score_responses(
        model, prompts + prompts, [p[first] for p in pairs] + [p[second] for p in pairs], batch_size, bf16
    )
    return rewards[: len(pairs)], rewards[len(pairs) :]
