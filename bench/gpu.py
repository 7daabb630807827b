"""GPU checks and timings of the trainer: CUDA-graph steps against ordinary ones, epoch time of the
paper's MLP AAE and of the conv AAE with each speed option, against a reference-style loop, the
fraction of the GPU's own matrix rate a step reaches, and how epoch time and memory grow. Run by hand
on a CUDA machine (not a test):

    python bench/gpu.py                # about 3 minutes on one H100
"""
import argparse, sys, time
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
from throughput import reference, step_flops  # same reference loop and FLOP count as the CPU benchmark
from aae_nbdev.aae import AAE, AAEConfig
from aae_nbdev.core import device_info, set_seed
from aae_nbdev.data import load_mnist
from aae_nbdev.train import fit, TrainConfig


def matmul_rate(dev, dtype, n=8192, reps=10) -> float:
    a, b = torch.randn(n, n, device=dev, dtype=dtype), torch.randn(n, n, device=dev, dtype=dtype)
    for _ in range(3): a @ b
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(reps): a @ b
    torch.cuda.synchronize()
    return 2 * n**3 * reps / (time.perf_counter() - t)


def train(x, arch="mlp", adversarial=True, epochs=2, bs=100, **kw):
    "Fit a fresh seeded model; returns it, its history and peak GPU memory (MiB)."
    set_seed(0)
    m = AAE(AAEConfig(arch=arch, adversarial=adversarial))
    torch.cuda.reset_peak_memory_stats()
    h = fit(m, x, TrainConfig(epochs=epochs, batch_size=bs, model_path="", progress=False, device="cuda", **kw))
    return m, h, torch.cuda.max_memory_allocated() / 2**20


def check(x):
    print("## CUDA graph against ordinary steps (fp32, 6,000 images, 2 epochs)\n")
    xs = x[:6000]
    (a, ha, _), (b, hb, _) = train(xs, adversarial=False, bf16=False), train(xs, adversarial=False, bf16=False, cuda_graph=True)
    diff = max((p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters()))
    print(f"plain AE, deterministic: largest weight difference {diff:.2e}; recon {ha[-1]['recon']:.3f} vs {hb[-1]['recon']:.3f}")
    for kw in [dict(), dict(cuda_graph=True), dict(compile=True, cuda_graph=True)]:
        _, h, _ = train(xs, bf16=False, **kw)
        print(f"AAE {kw or 'ordinary'}: " + ", ".join(f"{k} {v:.3f}" for k, v in h[-1].items() if k not in ("epoch", "seconds")))
    print()


def timings(x, n_ref):
    peak = {"bf16": matmul_rate("cuda", torch.bfloat16), "fp32": matmul_rate("cuda", torch.float32)}
    print(f"matmul rate (8192³): bf16 {peak['bf16'] / 1e12:.0f} TFLOP/s, fp32 {peak['fp32'] / 1e12:.0f} TFLOP/s "
          f"(TF32 {'on' if torch.backends.cuda.matmul.allow_tf32 else 'off'})\n")
    print(f"## Epoch time, 60,000 images, batch 100 (second epoch; the first includes warm-up and compilation)\n")
    print("| model | loop | precision | s / epoch | img/s | first epoch s | FLOP/s | of matmul rate | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for arch in ["mlp", "conv"]:
        f = step_flops(arch, torch.device("cuda"), 100) / 100
        r = reference(arch, torch.device("cuda"), n_ref, 100, 1)
        print(f"| {arch} AAE | reference (DataLoader, .item() per step) | bf16 off | {60000 / r:.2f} | {r:,.0f} | | {r * f / 1e12:.2f} T | {r * f / peak['fp32']:.1%} | |", flush=True)
        opts = [("fit, ordinary steps", dict(bf16=False)), ("fit, ordinary steps", dict()), ("fit, CUDA graph", dict(bf16=False, cuda_graph=True)),
                ("fit, CUDA graph", dict(cuda_graph=True)), ("fit, compiled", dict(compile=True)), ("fit, compiled + CUDA graph", dict(compile=True, cuda_graph=True))]
        for name, kw in opts:
            if arch == "conv" and name == "fit, compiled": continue
            _, h, mem = train(x, arch=arch, **kw)
            s = h[-1]["seconds"]; ips = len(x) / s
            prec = "bf16" if kw.get("bf16", True) else "fp32"
            print(f"| {arch} AAE | {name} | {prec} | {s:.2f} | {ips:,.0f} | {h[0]['seconds']:.1f} | {ips * f / 1e12:.2f} T | {ips * f / peak[prec]:.1%} | {mem:.0f} |", flush=True)
    print("\n## How the cost grows (MLP AAE, bf16, CUDA graph)\n")
    print("| images | batch | s / epoch | µs / image | peak MiB |")
    print("| --- | --- | --- | --- | --- |")
    for n, bs in [(15000, 100), (30000, 100), (60000, 100), (60000, 250), (60000, 1000), (60000, 5000)]:
        _, h, mem = train(x[:n], bs=bs, cuda_graph=True)
        s = h[-1]["seconds"]
        print(f"| {n:,} | {bs} | {s:.3f} | {s / n * 1e6:.1f} | {mem:.0f} |", flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n_ref", type=int, default=10000, help="images per epoch for the (slow) reference loop")
    p.add_argument("--only", default="", help="check or timings")
    a = p.parse_args()
    x, _ = load_mnist(train=True, device="cuda")
    print(f"device: {device_info('cuda')}; torch {torch.__version__}\n")
    if a.only in ("", "check"): check(x)
    if a.only in ("", "timings"): timings(x, a.n_ref)
