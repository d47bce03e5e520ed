#!/usr/bin/env python3
"""Forward tokens/s of a plain PyTorch GPT-2 with random weights (the same shapes and
ops as HF's GPT2LMHeadModel: pre-LN blocks, fused qkv, tanh GELU, tied LM head).

  python3 tools/bench/gpt2_forward.py --layers 12 --heads 12 --embed 768 --vocab 50257 \
      --context 1024 --lengths 64 512 --threads 1 2
prints one JSON line: {"torch": "1.13.1", "results": [{"threads": 1, "T": 64, "tokens_per_s": ...}, ...]}
"""
import argparse, json, math, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, C, H):
        super().__init__()
        self.H = H
        self.ln_1 = nn.LayerNorm(C)
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.ln_2 = nn.LayerNorm(C)
        self.c_fc = nn.Linear(C, 4 * C)
        self.mlp_proj = nn.Linear(4 * C, C)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.H, C // self.H).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // self.H)
        att = att.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.c_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, V, P, L, H, C):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.wpe = nn.Embedding(P, C)
        self.h = nn.ModuleList([Block(C, H) for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)

    def forward(self, ids):
        T = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(T))
        for b in self.h:
            x = b(x)
        return self.ln_f(x) @ self.wte.weight.T


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--embed", type=int, default=768)
    p.add_argument("--vocab", type=int, default=50257)
    p.add_argument("--context", type=int, default=1024)
    p.add_argument("--lengths", type=int, nargs="+", default=[64, 512])
    p.add_argument("--threads", type=int, nargs="+", default=[1])
    p.add_argument("--repeats", type=int, default=2)
    a = p.parse_args()
    torch.manual_seed(0)
    model = GPT(a.vocab, a.context, a.layers, a.heads, a.embed).eval()
    results = []
    for threads in a.threads:
        torch.set_num_threads(threads)
        for T in a.lengths:
            ids = torch.randint(0, a.vocab, (1, T))
            with torch.no_grad():
                model(ids)  # warm up
                best = float("inf")
                for _ in range(a.repeats):
                    t = time.perf_counter()
                    model(ids)
                    best = min(best, time.perf_counter() - t)
            results.append({"threads": threads, "T": T, "seconds": best, "tokens_per_s": T / best})
    print(json.dumps({"torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
