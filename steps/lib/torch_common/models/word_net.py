"""The bag, linear and transformer reward models as one torch module over TF.js-named parameters."""
import torch
import torch.nn.functional as F
from torch import nn

from .params import get_param_shapes, make_initial_value


class WordRewardNet(nn.Module):
    """Rewards [rows] for padded ids and a 1/0 mask, both [rows, length] (see steps/ml/models)."""

    def __init__(self, config, seed=0):
        super().__init__()
        self.config = config
        generator = torch.Generator().manual_seed(seed)
        self.weights = nn.ParameterDict(
            {name: nn.Parameter(make_initial_value(name, shape, generator)) for name, shape in get_param_shapes(config)}
        )

    def forward(self, ids, mask):
        if self.config["architecture"] == "bag":
            return self._score_bag(ids, mask)
        if self.config["architecture"] == "linear":
            return (F.embedding(ids, self.weights["embedding"]).squeeze(-1) * mask).sum(dim=1)
        return self._score_transformer(ids, mask)

    def _score_bag(self, ids, mask):
        w = self.weights
        pooled = _pool_mean(F.embedding(ids, w["embedding"]), mask)
        hidden = torch.relu(pooled @ w["dense1/kernel"] + w["dense1/bias"])
        return (hidden @ w["head/kernel"] + w["head/bias"]).squeeze(-1)

    def _score_transformer(self, ids, mask):
        w = self.weights
        rows, length = ids.shape
        dim, heads = self.config["dim"], self.config["heads"]
        key_bias = ((1 - mask) * -1e9).view(rows, 1, 1, length)
        x = F.embedding(ids, w["embedding"]) + w["position"][:length]
        for layer in range(self.config["layers"]):
            p = f"layer{layer}"
            h = _normalize(x, w[f"{p}/ln1/gamma"], w[f"{p}/ln1/beta"])
            x = x + self._attend(p, h, key_bias, heads, dim)
            h2 = _normalize(x, w[f"{p}/ln2/gamma"], w[f"{p}/ln2/beta"])
            x = x + torch.relu(h2 @ w[f"{p}/ff1/kernel"] + w[f"{p}/ff1/bias"]) @ w[f"{p}/ff2/kernel"] + w[f"{p}/ff2/bias"]
        pooled = _pool_mean(_normalize(x, w["final_ln/gamma"], w["final_ln/beta"]), mask)
        return (pooled @ w["head/kernel"] + w["head/bias"]).squeeze(-1)

    def _attend(self, prefix, x, key_bias, heads, dim):
        w = self.weights
        rows, length, _ = x.shape
        head_dim = dim // heads

        def split(name):
            return (x @ w[f"{prefix}/{name}/kernel"]).view(rows, length, heads, head_dim).transpose(1, 2)

        q, k, v = split("query"), split("key"), split("value")
        scores = (q @ k.transpose(-1, -2)) * (head_dim ** -0.5) + key_bias
        context = torch.softmax(scores, dim=-1) @ v
        return context.transpose(1, 2).reshape(rows, length, dim) @ w[f"{prefix}/out/kernel"]


def _pool_mean(x, mask):
    """Masked mean over positions: [rows, length, dim] → [rows, dim]."""
    summed = (x * mask.unsqueeze(-1)).sum(dim=1)
    return summed / mask.sum(dim=1, keepdim=True).clamp(min=1)


def _normalize(x, gamma, beta):
    mean = x.mean(dim=-1, keepdim=True)
    variance = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(variance + 1e-5) * gamma + beta
