"""The time-series study of issue 14 (module `aae_nbdev.ts_study`): trials on part A of Sines and
Stocks, the winner retrained with five fresh seeds and scored on part B, a plain autoencoder, and the
floors. Every piece is kept in --run_dir and read back on a later call, so the study resumes. Run from
the repository's root, one set per process, then write the results file:

    AAE_DATA=../shared/data OMP_NUM_THREADS=1 python bench/ts_study.py --sets sines &
    AAE_DATA=../shared/data OMP_NUM_THREADS=1 python bench/ts_study.py --sets stocks &
    wait; AAE_DATA=../shared/data python bench/ts_study.py --write True   # part 'generation' of nbs/results/timeseries.json

About 50 minutes on two cores of the CI machine (5,157 s of compute, trials included).
"""
import argparse, sys
from aae_nbdev.cli import _bool
from aae_nbdev.core import UserError
from aae_nbdev.ts_study import STUDY_SETS, study_set, write_study

p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--sets", default=",".join(STUDY_SETS), help="comma-separated, of " + ", ".join(STUDY_SETS))
p.add_argument("--run_dir", default="nbs/_runs/ts_study", help="checkpoints and the record of every piece")
p.add_argument("--write", type=_bool, default=False, help="write the results file (after every set is done)")
p.add_argument("--out", default="nbs/results", help="folder of timeseries.json")
a = p.parse_args()
try:
    sets = a.sets.split(",")
    if bad := [s for s in sets if s not in STUDY_SETS]: raise UserError(f"unknown set {bad[0]!r}: choose from {', '.join(STUDY_SETS)}")
    if a.write: print("wrote", write_study(a.run_dir, sets, folder=a.out))
    else:
        for s in sets: study_set(s, a.run_dir)
except UserError as e:
    print(f"ts_study: error: {e}", file=sys.stderr); sys.exit(1)
