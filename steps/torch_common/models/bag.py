"""Bag-of-words reward model: embedding, mean over non-pad tokens, 2-layer MLP → scalar (as in TF.js)."""
import torch
from torch import nn


class BagRewardModel(nn.Module):
    def __init__(self, vocab_size, dim, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.hidden = nn.Linear(dim, hidden)
        self.out = nn.Linear(hidden, 1)

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(-1).to(self.embedding.weight.dtype)
        summed = (self.embedding(ids) * mask).sum(dim=1)
        pooled = summed / mask.sum(dim=1).clamp(min=1.0)
        return self.out(torch.relu(self.hidden(pooled))).squeeze(-1)
