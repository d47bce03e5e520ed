#!/usr/bin/env python3
"""float32 matmul GFLOP/s of PyTorch (its BLAS) for given m×k×n sizes and thread counts.

  python3 tools/bench/torch_matmul.py --sizes 512x512x512 1024x1024x1024 --threads 1 2
prints one JSON line: {"torch": "...", "results": [{"size": "512x512x512", "threads": 1, "gflops": ...}, ...]}
"""
import argparse, json, time
import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", nargs="+", default=["512x512x512", "1024x1024x1024"])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    a = p.parse_args()
    results = []
    for threads in a.threads:
        torch.set_num_threads(threads)
        for size in a.sizes:
            m, k, n = (int(x) for x in size.split("x"))
            x, y = torch.randn(m, k), torch.randn(k, n)
            x @ y  # warm up
            best = float("inf")
            for _ in range(5):
                t = time.perf_counter()
                x @ y
                best = min(best, time.perf_counter() - t)
            results.append({"size": size, "threads": threads, "gflops": 2 * m * n * k / best / 1e9})
    print(json.dumps({"torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
