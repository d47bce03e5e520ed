#!/usr/bin/env python3
"""Training tokens/s of a plain PyTorch GPT-2 in the GPT-tiny configuration (the same
shapes and ops as HF's GPT2LMHeadModel: pre-LN blocks, fused qkv, tanh GELU, tied LM head,
causal cross-entropy with the labels shifted inside) under torch.optim.AdamW, on random
byte sequences. Used by `pnpm --filter @llm/trainer bench` to print PyTorch's figure
beside ours, measured in the same run.

  /usr/bin/python3 tools/bench/gpt_tiny_train.py --threads 1 2 --steps 10
prints one JSON line: {"torch": "1.13.1", "results": [{"threads": 1, "tokens_per_s": ...}, ...]}
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
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)  # (B, T, C) each
        q, k, v = (t.view(B, T, self.H, C // self.H).transpose(1, 2) for t in (q, k, v))  # (B, H, T, hs)
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
        for p in self.parameters():
            nn.init.normal_(p, std=0.02) if p.dim() > 1 else None

    def forward(self, ids):
        B, T = ids.shape
        x = self.wte(ids) + self.wpe(torch.arange(T))
        for b in self.h:
            x = b(x)
        logits = self.ln_f(x) @ self.wte.weight.T  # (B, T, V)
        # labels = ids, shifted inside as HF does: predict t+1 from t
        return F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--embed", type=int, default=128)
    ap.add_argument("--vocab", type=int, default=256)
    ap.add_argument("--context", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    a = ap.parse_args()
    torch.manual_seed(0)
    results = []
    for threads in a.threads:
        torch.set_num_threads(threads)
        model = GPT(a.vocab, a.context, a.layers, a.heads, a.embed)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
        batches = [torch.randint(0, a.vocab, (a.batch, a.context)) for _ in range(a.warmup + a.steps)]
        for i, ids in enumerate(batches):
            if i == a.warmup:
                start = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = model(ids)
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - start
        results.append({"threads": threads, "tokens_per_s": a.batch * a.context * a.steps / seconds, "loss": loss.item()})
    print(json.dumps({"torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
