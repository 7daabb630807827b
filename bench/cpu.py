"""The CPU path of `fit`: where a training step's time goes, what Adam's fused kernel and bf16 autocast
buy, and whether bf16 trains to the same results as fp32. Run by hand (not a test), on a quiet machine:

    python bench/cpu.py                  # all cores; writes bench/cpu.json
    python bench/cpu.py --threads 1      # one core
    python bench/cpu.py --quick          # a smoke run (seconds), writes nothing

Measured on the paper's 784-1000-1000-8 AAE at batch 100 (the design's target: 5,000 images/s on the
2 cores of this project's machines). Agreement runs select nothing: they score validation images
50,000-59,999 only, never the test set.
"""
import argparse, time
from pathlib import Path
import torch
from torch.profiler import profile, ProfilerActivity
from aae_nbdev.aae import AAE, AAEConfig
from aae_nbdev.accel import cpu_has_bf16, fuse_optimizers
from aae_nbdev.core import set_seed, save_results
from aae_nbdev.data import mnist_split
from aae_nbdev.models import build_model
from aae_nbdev.train import TrainConfig, fit, evaluate_recon

DEV = torch.device("cpu")


def matmul_rate(dtype, n=2048, reps=10) -> float:
    "FLOP/s of an n x n by n x n matrix product in `dtype`: the machine's ceiling for this work."
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    for _ in range(2): a @ b
    t = time.perf_counter()
    for _ in range(reps): a @ b
    return 2 * n**3 * reps / (time.perf_counter() - t)


def step_rate(x, bf16: bool, fused: bool, steps: int) -> float:
    "Images per second of bare `train_step` calls (no data pipeline) on batches of `x`."
    set_seed(0)
    m = AAE(AAEConfig(z_dim=8, adversarial=True))
    opts = m.configure_optimizers()
    if fused: fuse_optimizers(opts, DEV)
    bs = 100
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        for i in range(5): m.train_step(x[i * bs:(i + 1) * bs], opts)  # warm-up
        t = time.perf_counter()
        for i in range(steps): s = m.train_step(x[i % 50 * bs:(i % 50 + 1) * bs], opts)
        float(s["recon"])
    return steps * bs / (time.perf_counter() - t)


def adam_share(x, bf16: bool, fused: bool, steps: int = 10) -> float:
    "Share of a training step's CPU time spent inside the optimisers' step (PyTorch profiler)."
    set_seed(0)
    m = AAE(AAEConfig(z_dim=8, adversarial=True))
    opts = m.configure_optimizers()
    if fused: fuse_optimizers(opts, DEV)
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        for i in range(3): m.train_step(x[i * 100:(i + 1) * 100], opts)
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for i in range(steps): m.train_step(x[i * 100:(i + 1) * 100], opts)
    ev = prof.key_averages()
    total = sum(e.self_cpu_time_total for e in ev)
    in_opt = sum(e.cpu_time_total for e in ev if e.key.startswith("Optimizer.step#"))
    return in_opt / total


def fit_rate(x, bf16: bool, n: int) -> float:
    "Images per second of `fit` itself (device-resident batches, fused Adam on the CPU), second epoch."
    set_seed(0)
    h = fit(AAE(AAEConfig(z_dim=8, adversarial=True)), x, TrainConfig(epochs=2, n_train=n, cpu_bf16=bf16, device="cpu", progress=False, model_path=""))
    return n / h[-1]["seconds"]


def agreement(x, y, xv, yv, mcfg, n_labelled: int, epochs: int, n: int, seeds) -> dict:
    "Validation reconstruction (and error, for a classifier) after short fp32 and bf16 runs of the same seeds."
    out = {}
    for bf16 in (False, True):
        for seed in seeds:
            set_seed(seed)
            model = build_model(mcfg)
            h = fit(model, x, TrainConfig(epochs=epochs, n_train=n, seed=seed, n_labelled=n_labelled, cpu_bf16=bf16, device="cpu",
                                          progress=False, model_path=""), y=y if model.label_use != "none" else None)
            r = {"valid_recon": evaluate_recon(model.eval(), xv), "train_s": sum(e["seconds"] for e in h)}
            if model.classifies:
                with torch.no_grad(): pred = torch.cat([model.classify(xv[i:i + 1000]).argmax(1) for i in range(0, len(xv), 1000)])
                r["valid_error"] = float((pred != yv).float().mean())
            out[f"{'bf16' if bf16 else 'fp32'}/seed{seed}"] = r
            print(f"  {mcfg.variant:15s} {'bf16' if bf16 else 'fp32'} seed {seed}: " + ", ".join(f"{k} {v:.4g}" for k, v in r.items()), flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: all cores)")
    ap.add_argument("--quick", action="store_true", help="a smoke run of seconds; writes nothing")
    args = ap.parse_args()
    if args.threads: torch.set_num_threads(args.threads)
    t0 = time.time()
    x, y = mnist_split("train")
    xv, yv = mnist_split("valid")
    steps, n_fit = (5, 2_000) if args.quick else (100, 20_000)
    res = {"threads": torch.get_num_threads(), "cpu_has_bf16": cpu_has_bf16()}
    res["matmul_gflops"] = {str(dt).split(".")[1]: matmul_rate(dt, n=512 if args.quick else 2048) / 1e9 for dt in (torch.float32, torch.bfloat16)}
    print(f"{res['threads']} threads; native bf16: {res['cpu_has_bf16']}; matmul GFLOP/s: " + ", ".join(f"{k} {v:.0f}" for k, v in res["matmul_gflops"].items()), flush=True)
    xs = x[:5_000]
    res["adam_share"] = {"fp32, plain Adam": adam_share(xs, False, False), "bf16, fused Adam": adam_share(xs, True, True)}
    print("share of step time in the optimiser: " + ", ".join(f"{k} {100 * v:.0f} %" for k, v in res["adam_share"].items()), flush=True)
    res["train_step_img_s"] = {f"{'bf16' if b else 'fp32'}, {'fused' if f else 'plain'} Adam": step_rate(xs, b, f, steps)
                               for b in (False, True) for f in (False, True)}
    for k, v in res["train_step_img_s"].items(): print(f"train_step  {k:18s} {v:7,.0f} img/s", flush=True)
    res["fit_img_s"] = {"fp32": fit_rate(x, False, n_fit), "bf16": fit_rate(x, True, n_fit)}
    for k, v in res["fit_img_s"].items(): print(f"fit         {k:18s} {v:7,.0f} img/s", flush=True)
    if args.quick: return
    print("agreement, fp32 against bf16 (validation images 50,000-59,999):", flush=True)
    res["agreement"] = {
        "aae": agreement(x, y, xv, yv, AAEConfig(z_dim=8, adversarial=True), 0, epochs=3, n=50_000, seeds=(0, 1)),
        "semisupervised_100": agreement(x, y, xv, yv, AAEConfig(variant="semisupervised", z_dim=10, adversarial=True), 100,
                                        epochs=2, n=50_000, seeds=(0, 1))}
    path = save_results("cpu", res, config={"model": "784-1000-1000-8 AAE (agreement: also the semi-supervised model, 100 labels)",
                                            "batch_size": 100, "train_step_steps": steps, "fit_images": n_fit},
                        seeds=[0, 1], epochs={"aae": 3, "semisupervised_100": 2}, wall_s=time.time() - t0, folder=Path(__file__).parent)
    print(f"written to {path}")


if __name__ == "__main__":
    main()
