"""Parameter names, shapes and initial values of the word-level reward models.

Names and shapes mirror steps/ml/models/{bag,linear,transformer}-rm.ts (kernels are [in, out], applied as
x @ W + b), so weights.bin files are interchangeable between the TF.js and torch implementations.
"""
import math

import torch


def get_param_shapes(config):
    """Ordered (name, shape) pairs for config (snake_case keys, as in model/config.json)."""
    dim, hidden = config["dim"], config["hidden"]
    if config["architecture"] == "linear":
        return [("embedding", [config["vocab_size"] + config["bigram_buckets"], 1])]
    if config["architecture"] == "bag":
        return [
            ("embedding", [config["vocab_size"] + config["bigram_buckets"], dim]),
            ("dense1/kernel", [dim, hidden]),
            ("dense1/bias", [hidden]),
            ("head/kernel", [hidden, 1]),
            ("head/bias", [1]),
        ]
    shapes = [("embedding", [config["vocab_size"], dim]), ("position", [config["max_len"], dim])]
    for layer in range(config["layers"]):
        p = f"layer{layer}"
        shapes += [(f"{p}/ln1/gamma", [dim]), (f"{p}/ln1/beta", [dim])]
        shapes += [(f"{p}/{w}/kernel", [dim, dim]) for w in ("query", "key", "value", "out")]
        shapes += [(f"{p}/ln2/gamma", [dim]), (f"{p}/ln2/beta", [dim])]
        shapes += [(f"{p}/ff1/kernel", [dim, hidden]), (f"{p}/ff1/bias", [hidden])]
        shapes += [(f"{p}/ff2/kernel", [hidden, dim]), (f"{p}/ff2/bias", [dim])]
    return shapes + [("final_ln/gamma", [dim]), ("final_ln/beta", [dim]), ("head/kernel", [dim, 1]), ("head/bias", [1])]


def make_initial_value(name, shape, generator):
    """The TF.js initialisers: N(0, 0.1) embeddings, N(0, 0.02) positions, Glorot-uniform kernels,
    ones for LayerNorm gains, zeros for biases and LayerNorm shifts."""
    if name == "embedding":
        # The linear model's word weights start at 0 (an unseen word adds nothing), as in linear-rm.ts.
        if shape[1] == 1:
            return torch.zeros(shape)
        return torch.randn(shape, generator=generator) * 0.1
    if name == "position":
        return torch.randn(shape, generator=generator) * 0.02
    if name.endswith("/kernel"):
        limit = math.sqrt(6 / (shape[0] + shape[1]))
        return (torch.rand(shape, generator=generator) * 2 - 1) * limit
    if name.endswith("/gamma"):
        return torch.ones(shape)
    return torch.zeros(shape)
