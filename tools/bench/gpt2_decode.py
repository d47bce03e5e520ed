#!/usr/bin/env python3
"""Greedy decode speed of a plain PyTorch GPT-2 with a KV cache (random weights, batch 1):
prefill ms for the prompt, then new tokens/s, one token at a time.

  python3 tools/bench/gpt2_decode.py --prompt 64 --new 64 --threads 1
prints one JSON line: {"torch": "...", "threads": 1, "prefill_ms": ..., "decode_tokens_per_s": ...}
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

    def forward(self, x, cache):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.H, C // self.H).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            k = torch.cat([cache[0], k], 2)
            v = torch.cat([cache[1], v], 2)
        S = k.shape[2]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // self.H)
        mask = torch.ones(T, S, dtype=torch.bool).triu(S - T + 1)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.c_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh")), (k, v)


class GPT(nn.Module):
    def __init__(self, V, P, L, H, C):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.wpe = nn.Embedding(P, C)
        self.h = nn.ModuleList([Block(C, H) for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)

    def forward(self, ids, caches, offset):
        T = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(offset, offset + T))
        new = []
        for b, c in zip(self.h, caches):
            x, kv = b(x, c)
            new.append(kv)
        return self.ln_f(x[:, -1]) @ self.wte.weight.T, new


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--prompt", type=int, default=64)
    p.add_argument("--new", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = GPT(50257, 1024, 12, 12, 768).eval()
    ids = torch.randint(0, 50257, (1, a.prompt))
    with torch.no_grad():
        model(ids, [None] * 12, 0)  # warm up
        t = time.perf_counter()
        logits, caches = model(ids, [None] * 12, 0)
        prefill = time.perf_counter() - t
        t = time.perf_counter()
        for i in range(a.new):
            nxt = logits.argmax(-1, keepdim=True)
            logits, caches = model(nxt, caches, a.prompt + i)
        decode = time.perf_counter() - t
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "prefill_ms": prefill * 1000, "decode_tokens_per_s": a.new / decode}))


if __name__ == "__main__":
    main()
