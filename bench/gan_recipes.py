"""Train and score the GAN comparison's public recipes (table (a) of chapter 30), one run after another in this process.

Each SPEC is MODEL:SEED; every run is resumable (`recipe_run`), so the same command continues where a stopped one ended.
Example, from the repository root: `OMP_NUM_THREADS=1 python bench/gan_recipes.py gan:0 gan:1 --extra 62500 --until 62560`
"""
import argparse
from aae_nbdev.core import UserError
from aae_nbdev.experiments import public_recipes, recipe_run, recipe_stages, comparison_data

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", help="MODEL:SEED, trained in this order")
    p.add_argument("--out_dir", default="nbs/_runs/gan_recipes")
    p.add_argument("--extra", default="", help="more budgets to score at, in updates, comma-separated")
    p.add_argument("--until", type=int, default=0, help="stop each run at the last stage of at most this many updates (0: its whole budget)")
    a = p.parse_args()
    data, recipes = comparison_data(), public_recipes()
    for spec in a.runs:
        name, _, seed = spec.partition(":")
        if name not in recipes or not seed.isdigit(): raise SystemExit(f"bad run {spec!r}: give MODEL:SEED with MODEL one of {', '.join(recipes)}")
        r = recipes[name]
        per_epoch = -(-50_000 // r.train["batch_size"])
        stages = [e for e in recipe_stages(r, extra=[int(u) for u in a.extra.split(",") if u]) if not a.until or e * per_epoch <= a.until]
        try: recipe_run(name, int(seed), a.out_dir, stages=stages, data=data)
        except UserError as e: raise SystemExit(f"error: {e}")

if __name__ == "__main__": main()
