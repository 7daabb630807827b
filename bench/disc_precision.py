"""Does the code discriminator need fp32 under bf16 autocast? The training chapter's quick prior-match
setting (2-D codes, a Gaussian prior of standard deviation 5, 256-unit layers, 4 epochs on 10,000
images in batches of 25), three seeds, trained three ways: all fp32; bf16 autocast with the
discriminator in fp32 (the library's way); bf16 autocast with the discriminator in bf16 too. Scored by
the MMD between 2,000 validation codes (images 50,000-59,999) and as many prior draws. Run by hand:

    python bench/disc_precision.py        # about 3 minutes on one core; writes bench/disc_precision.json
"""
import time
from pathlib import Path
import torch
from aae_nbdev.aae import AAE, AAEConfig
from aae_nbdev.core import set_seed, save_results
from aae_nbdev.data import mnist_split
from aae_nbdev.metrics import mmd
from aae_nbdev.modules import Discriminator
from aae_nbdev.train import TrainConfig, fit

SETTING = dict(z_dim=2, prior_std=5.0, adversarial=True, hidden=256)
TRAIN = dict(epochs=4, n_train=10_000, batch_size=25, progress=False, model_path="", device="cpu")


def bf16_forward(self, z, y_onehot=None):
    "The discriminator's forward without its fp32 guard: under autocast its products run in bf16."
    if self.n_labels: z = torch.cat([z, y_onehot], -1)
    return self.net(z).squeeze(-1)


def run(mode: str, seed: int, x, xv) -> float:
    guarded = Discriminator.forward
    if mode == "bf16, discriminator in bf16": Discriminator.forward = bf16_forward
    try:
        set_seed(seed)
        m = AAE(AAEConfig(**SETTING))
        fit(m, x, TrainConfig(seed=seed, cpu_bf16=mode != "fp32", **TRAIN))
    finally: Discriminator.forward = guarded
    torch.manual_seed(0)
    with torch.no_grad(): z = m.eval().encode(xv[:2000]).float()
    return float(mmd(z, m.prior.sample(2000)))


def main():
    t0 = time.time()
    x, _ = mnist_split("train")
    xv, _ = mnist_split("valid")
    res = {}
    for mode in ("fp32", "bf16, discriminator in fp32", "bf16, discriminator in bf16"):
        res[mode] = [run(mode, seed, x, xv) for seed in (0, 1, 2)]
        print(f"{mode:30s} MMD(codes, prior), seeds 0-2: " + ", ".join(f"{v:.3f}" for v in res[mode]), flush=True)
    path = save_results("disc_precision", res, config={"model": SETTING, "train": TRAIN, "mmd_samples": 2000},
                        seeds=[0, 1, 2], epochs=TRAIN["epochs"], wall_s=time.time() - t0, folder=Path(__file__).parent)
    print(f"written to {path}")


if __name__ == "__main__":
    main()
