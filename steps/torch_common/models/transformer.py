"""Transformer-encoder reward model: token + learned position embeddings, pre-norm encoder, masked mean pool."""
import torch
from torch import nn


class TransformerRewardModel(nn.Module):
    def __init__(self, vocab_size, dim, hidden, max_len, layers=2, heads=4, dropout=0.1):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.position = nn.Embedding(max_len, dim)
        layer = nn.TransformerEncoderLayer(dim, heads, hidden, dropout, batch_first=True, norm_first=True)
        # enable_nested_tensor changes numerics between train/eval on some builds; keep the plain path.
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.out = nn.Linear(dim, 1)

    def forward(self, ids):
        pad = ids == 0
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        hidden = self.encoder(self.embedding(ids) + self.position(positions), src_key_padding_mask=pad)
        mask = (~pad).unsqueeze(-1).to(hidden.dtype)
        pooled = (self.norm(hidden) * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return self.out(pooled).squeeze(-1)
