"""The public MLP GAN recipe written out in plain PyTorch, apart from the library's models and trainer: a check on `GAN(arch="gan_mlp")`.

It follows the recipe as published: generator step first, then the discriminator on the same (detached) images, with
a sigmoid and `BCELoss`, the discriminator's loss halved, data on [-1, 1], fp32, samples drawn with batch norm in
training mode. `--bf16`, `--d_first` and `--eval_bn` switch one of those to what the library does, to find which
difference matters. Scores (FD, coverage) use the library's protocol on the test digits.
Example: `OMP_NUM_THREADS=1 python bench/minimal_gan.py --seed 0 --updates 12512 --out nbs/_runs/minimal_gan/plain_s0.json`
`python bench/minimal_gan.py --write nbs/_runs/minimal_gan` gathers a folder of such runs into part `minimal_gan` of
`nbs/results/gan_comparison.json`, which chapter 30 reads.
"""
import argparse, json, time
from pathlib import Path
import torch
from torch import nn
from aae_nbdev.core import atomic_write, device_info, git_commit, save_results
from aae_nbdev.data import load_mnist
from aae_nbdev.metrics import eval_sets
from aae_nbdev.experiments import score_images
from aae_nbdev.classifier import load_classifier

def networks():
    def block(i, o, norm): return [nn.Linear(i, o), *([nn.BatchNorm1d(o, 0.8)] if norm else []), nn.LeakyReLU(0.2, inplace=True)]
    g = nn.Sequential(*block(100, 128, False), *block(128, 256, True), *block(256, 512, True), *block(512, 1024, True), nn.Linear(1024, 784), nn.Tanh())
    d = nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2, inplace=True), nn.Linear(512, 256), nn.LeakyReLU(0.2, inplace=True), nn.Linear(256, 1), nn.Sigmoid())
    return g, d

def write(folder, results="nbs/results"):
    "Every run in `folder` (one JSON file each), grouped by variant: part `minimal_gan` of the comparison's results file."
    runs = [json.loads(f.read_text()) for f in sorted(Path(folder).glob("*.json"))]
    if not runs: raise SystemExit(f"error: no runs in {folder}")
    path = save_results("gan_comparison", {"runs": runs}, part="minimal_gan", folder=results, seeds=sorted({r["seed"] for r in runs}),
                        config={"script": "bench/minimal_gan.py", "variants": sorted({(r["bf16"], r["d_first"], r["eval_bn"]) for r in runs})},
                        epochs=None, wall_s=sum(r["train_seconds"] for r in runs), hardware=runs[0]["hardware"])
    print(f"wrote {len(runs)} runs to {path}")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--write", metavar="FOLDER", help="gather the runs in FOLDER into the results file, and train nothing")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--updates", type=int, default=12_512)
    p.add_argument("--n_train", type=int, default=50_000)
    p.add_argument("--bf16", action="store_true", help="bf16 autocast, as the library's CPU runs")
    p.add_argument("--d_first", action="store_true", help="discriminator step first, then the generator's, as the library")
    p.add_argument("--eval_bn", action="store_true", help="sample with batch norm in evaluation mode, as the library scores")
    p.add_argument("--out")
    a = p.parse_args()
    if a.write: return write(a.write)
    if not a.out: raise SystemExit("error: give --out FILE for the run's record (or --write FOLDER)")
    torch.manual_seed(a.seed)
    x = load_mnist(train=True)[0][:a.n_train].float().div(255).mul(2).sub(1).flatten(1)   # [-1, 1], as Normalize([0.5], [0.5])
    g, d = networks()
    og, od = (torch.optim.Adam(m.parameters(), lr=2e-4, betas=(0.5, 0.999)) for m in (g, d))
    bce, bs, t0, done, log = nn.BCELoss(), 64, time.time(), 0, []
    while done < a.updates:
        for idx in torch.randperm(len(x)).split(bs):
            if done == a.updates: break
            real, n = x[idx], len(idx)
            ones, zeros = torch.ones(n, 1), torch.zeros(n, 1)
            with torch.autocast("cpu", torch.bfloat16, enabled=a.bf16):
                z = torch.randn(n, 100)
                fake = g(z)
                if a.d_first:
                    d_loss = (bce(d(real).float(), ones) + bce(d(fake.detach()).float(), zeros)) / 2
                    od.zero_grad(); d_loss.backward(); od.step()
                    g_loss = bce(d(fake).float(), ones)
                    og.zero_grad(); g_loss.backward(); og.step()
                else:
                    g_loss = bce(d(fake).float(), ones)
                    og.zero_grad(); g_loss.backward(); og.step()
                    d_loss = (bce(d(real).float(), ones) + bce(d(fake.detach()).float(), zeros)) / 2
                    od.zero_grad(); d_loss.backward(); od.step()
            done += 1
            if done % 500 == 0: log.append({"update": done, "d_loss": d_loss.item(), "g_loss": g_loss.item()})
    seconds = time.time() - t0
    g.eval() if a.eval_bn else g.train()
    torch.manual_seed(a.seed)
    with torch.no_grad(): samples = torch.cat([g(torch.randn(1000, 100)) for _ in range(10)]).add(1).div(2).view(-1, 1, 28, 28)
    m = score_images(samples, eval_sets(), load_classifier("cpu"), "cpu")
    rec = {"seed": a.seed, "updates": done, "bf16": a.bf16, "d_first": a.d_first, "eval_bn": a.eval_bn, "train_seconds": seconds,
           "hardware": device_info("cpu"), "commit": git_commit(), "torch": torch.__version__, "log": log,
           "metrics": {k: (v.tolist() if torch.is_tensor(v) else v) for k, v in m.items()}}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    atomic_write(a.out, lambda f: f.write(json.dumps(rec, indent=1).encode()))
    print(f"seed {a.seed}, {done} updates{' bf16' if a.bf16 else ''}{' d_first' if a.d_first else ''}: FD {m['fd']:.1f}, "
          f"{m['classes_covered']} classes, {seconds:.0f} s", flush=True)

if __name__ == "__main__": main()
