"""How the cost of an epoch grows with the dataset size and the batch size, and the peak memory, for
the paper's MLP AAE trained by `fit`. Run by hand (not a test):

    python bench/scaling.py [--device cuda]
"""
import argparse, resource
import torch
from aae_nbdev.aae import AAE, AAEConfig
from aae_nbdev.core import get_device, device_info, set_seed
from aae_nbdev.data import load_mnist
from aae_nbdev.train import fit, TrainConfig


def epoch_seconds(x, dev, bs) -> tuple[float, float]:
    "Seconds of one epoch after a warm-up epoch, and the peak memory in MiB (GPU: allocated by torch; CPU: process RSS)."
    set_seed(0)
    if dev.type == "cuda": torch.cuda.reset_peak_memory_stats(dev)
    h = fit(AAE(AAEConfig(adversarial=True)), x, TrainConfig(epochs=2, batch_size=bs, device=str(dev), model_path="", progress=False))
    mem = (torch.cuda.max_memory_allocated(dev) if dev.type == "cuda" else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024) / 2**20
    return h[1]["seconds"], mem


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="auto")
    p.add_argument("--sizes", default="7500,15000,30000,60000")
    p.add_argument("--batch_sizes", default="50,100,200,500,1000")
    p.add_argument("--n_for_batches", type=int, default=15000)
    a = p.parse_args()
    dev = get_device(a.device)
    x, _ = load_mnist(train=True)
    print(f"device: {device_info(dev)}; torch {torch.__version__}; MLP AAE 784-1000-1000-8, Gaussian prior\n")
    print("| images | batch | s / epoch | µs / image | peak MiB |\n| --- | --- | --- | --- | --- |")
    for n in map(int, a.sizes.split(",")):
        s, m = epoch_seconds(x[:n], dev, 100)
        print(f"| {n:,} | 100 | {s:.2f} | {1e6 * s / n:.0f} | {m:,.0f} |", flush=True)
    for bs in map(int, a.batch_sizes.split(",")):
        s, m = epoch_seconds(x[:a.n_for_batches], dev, bs)
        print(f"| {a.n_for_batches:,} | {bs} | {s:.2f} | {1e6 * s / a.n_for_batches:.0f} | {m:,.0f} |", flush=True)
    print("\n(CPU peak memory is the process's high-water mark, so it never falls from one row to the next.)")


if __name__ == "__main__":
    main()
