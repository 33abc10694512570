"""Pairwise accuracy and reward statistics (ties reported both ways: TRL counts them wrong, SER right)."""
import math


def compute_pair_metrics(r_chosen, r_rejected):
    count = len(r_chosen)
    if count == 0:
        return {"accuracy": 0.0, "ties": 0, "accuracy_ties_correct": 0.0, "margin": 0.0, "reward_mean": 0.0, "reward_std": 0.0}
    wins = sum(1 for c, r in zip(r_chosen, r_rejected) if c > r)
    ties = sum(1 for c, r in zip(r_chosen, r_rejected) if c == r)
    rewards = list(r_chosen) + list(r_rejected)
    mean, std = compute_mean_std(rewards)
    return {
        "accuracy": wins / count,
        "ties": ties,
        "accuracy_ties_correct": (wins + ties) / count,
        "margin": sum(c - r for c, r in zip(r_chosen, r_rejected)) / count,
        "reward_mean": mean,
        "reward_std": std,
    }


def compute_mean_std(values):
    """Population mean and standard deviation (0, 0 for no values)."""
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
