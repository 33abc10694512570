"""PyTorch CPU twin of the default TF.js bag reward model, for bench/rm-throughput.ts.

Same model and step as steps/ml (embedding → masked mean → dense+ReLU → scalar; Bradley–Terry loss;
AdamW), same batch: 32 pairs = 64 sequences × 128 tokens, vocab 8000, d 128, hidden 128.
Prints one JSON line: {"pairs_per_second" (wall), "pairs_per_cpu_second" (process CPU time), "threads", "torch"}.
Usage: /usr/bin/python3 bench/rm_throughput_torch.py [--steps 30] [--warmup 3]
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F


class BagRewardModel(torch.nn.Module):
    def __init__(self, vocab, dim, hidden):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, dim)
        self.dense = torch.nn.Linear(dim, hidden)
        self.head = torch.nn.Linear(hidden, 1)

    def forward(self, ids, mask):
        tokens = self.embedding(ids) * mask.unsqueeze(-1)
        pooled = tokens.sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
        return self.head(torch.relu(self.dense(pooled))).squeeze(-1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=32)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--vocab", type=int, default=8000)
    parser.add_argument("--dim", type=int, default=128)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = BagRewardModel(args.vocab, args.dim, args.dim)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    ids = torch.randint(4, args.vocab, (args.steps + args.warmup, 2 * args.pairs, args.tokens))
    mask = torch.ones(2 * args.pairs, args.tokens)

    def step(i):
        rewards = model(ids[i], mask)
        chosen, rejected = rewards[: args.pairs], rewards[args.pairs :]
        loss = F.softplus(-(chosen - rejected)).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for i in range(args.warmup):
        step(i)
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(args.warmup, args.warmup + args.steps):
        step(i)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    pairs = args.steps * args.pairs
    print(json.dumps({
        "pairs_per_second": pairs / seconds,
        "pairs_per_cpu_second": pairs / cpu_seconds,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
