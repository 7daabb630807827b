"""Training throughput of the aae_nbdev trainer, against a reference-style loop, and how close it runs
to the machine's own matmul rate. Run by hand (not a test):

    python bench/throughput.py                 # CPU or the default GPU, paper MLP and conv AAE
    python bench/throughput.py --n 60000 --device cuda

The reference loop is what public AAE scripts do: a torchvision `DataLoader` over the MNIST
`Dataset` with per-sample `ToTensor`/`Normalize` transforms, and `.item()` on every loss every step.
It calls the same `train_step`, so the difference is the data pipeline and the host syncs alone.
"""
import argparse, time
import torch, torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader, Subset
from torch.utils.flop_counter import FlopCounterMode
from aae_nbdev.aae import AAE, AAEConfig
from aae_nbdev.core import get_device, device_info, set_seed
from aae_nbdev.data import load_mnist, data_dir, to_float
from aae_nbdev.train import fit, TrainConfig


def sync(dev):
    if dev.type == "cuda": torch.cuda.synchronize(dev)


def matmul_rate(dev, n=2048, reps=10, dtype=torch.float32) -> float:
    "FLOP/s of an n×n by n×n matrix product on `dev`: the machine's own ceiling for this work."
    a, b = torch.randn(n, n, device=dev, dtype=dtype), torch.randn(n, n, device=dev, dtype=dtype)
    for _ in range(2): a @ b
    sync(dev); t = time.perf_counter()
    for _ in range(reps): a @ b
    sync(dev)
    return 2 * n**3 * reps / (time.perf_counter() - t)


def step_flops(arch, dev, bs) -> int:
    "Floating-point operations of one training step (all three phases), counted by PyTorch's FlopCounterMode."
    set_seed(0)
    m = AAE(AAEConfig(arch=arch, adversarial=True)).to(dev)
    opts = m.configure_optimizers()
    x, _ = load_mnist(train=False)
    with FlopCounterMode(display=False) as fc: m.train_step(x[:bs].to(dev), opts)
    return fc.get_total_flops()


def ours(arch, dev, x, bs, epochs) -> float:
    "Images per second of `fit` (device-resident data, no per-step host sync); the first epoch is warm-up."
    set_seed(0)
    m = AAE(AAEConfig(arch=arch, adversarial=True))
    h = fit(m, x, TrainConfig(epochs=epochs + 1, batch_size=bs, device=str(dev), model_path="", progress=False))
    return len(x) * epochs / sum(r["seconds"] for r in h[1:])


def reference(arch, dev, n, bs, epochs) -> float:
    "Images per second of a public-script-style loop: DataLoader + per-sample transforms + .item() per step."
    tf = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))])
    ds = Subset(torchvision.datasets.MNIST(str(data_dir()), train=True, download=True, transform=tf), range(n))
    dl = DataLoader(ds, batch_size=bs, shuffle=True)
    set_seed(0)
    m = AAE(AAEConfig(arch=arch, adversarial=True)).to(dev).train()
    opts = m.configure_optimizers()
    total = 0.0
    for epoch in range(epochs + 1):
        t = time.perf_counter()
        for xb, _ in dl:
            xb = xb.to(dev) * 0.5 + 0.5          # undo Normalize: the decoder's range is [0, 1]
            stats = m.train_step(xb, opts)
            log = {k: v.item() for k, v in stats.items()}  # noqa: F841  (the per-step sync public scripts do)
        sync(dev)
        if epoch: total += time.perf_counter() - t
    return n * epochs / total


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="auto")
    p.add_argument("--n", type=int, default=10_000, help="training images per epoch")
    p.add_argument("--bs", type=int, default=100)
    p.add_argument("--epochs", type=int, default=1, help="timed epochs, after one warm-up epoch")
    p.add_argument("--archs", default="mlp,conv")
    a = p.parse_args()
    dev = get_device(a.device)
    x, _ = load_mnist(train=True)
    x = x[:a.n]
    peak = matmul_rate(dev)
    print(f"device: {device_info(dev)}; torch {torch.__version__}; {a.n} images, batch {a.bs}, {a.epochs} timed epoch(s)")
    print(f"matmul rate (2048² fp32): {peak / 1e9:.0f} GFLOP/s\n")
    print("| model | ours (img/s) | reference loop (img/s) | speed-up | FLOP per image-step | achieved GFLOP/s | of matmul rate |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for arch in a.archs.split(","):
        o, r = ours(arch, dev, x, a.bs, a.epochs), reference(arch, dev, a.n, a.bs, a.epochs)
        f = step_flops(arch, dev, a.bs) / a.bs
        print(f"| {arch} AAE | {o:,.0f} | {r:,.0f} | {o / r:.2f}x | {f / 1e6:.1f} M | {o * f / 1e9:.0f} | {o * f / peak:.0%} |", flush=True)


if __name__ == "__main__":
    main()
