"""Time every cell of every notebook as `nbdev_test` runs it (IN_TEST=1, the same skipped cells and
flags), one notebook after another, and print the slowest cells. Run from the project root:

    AAE_DATA=../shared/data OMP_NUM_THREADS=1 python bench/test_time.py [--top 15] [--only '08_*']
"""
import argparse, os, time
from pathlib import Path
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.frontmatter import FrontmatterProc
from nbdev.process import NBProcessor


def time_notebook(fn: Path, skip: set) -> list[tuple[float, str, int, str]]:
    "(seconds, notebook, cell index, first line) for every cell that nbdev_test would run in `fn`."
    os.environ["IN_TEST"] = "1"
    nb = NBProcessor(fn, procs=FrontmatterProc, process=True).nb
    rows, started = [], {}

    def pre(cell):  # the same rule as nbdev.test.test_nb's _no_eval
        direc = getattr(cell, "directives_", {}) or {}
        skipped = (cell.cell_type != "code" or "nbdev_export(" in cell.source
                   or direc.get("eval:", [""])[0].lower() == "false" or bool(skip & direc.keys()))
        if not skipped: started[id(cell)] = time.perf_counter()
        return skipped

    def post(cell):
        first = next((l for l in cell.source.splitlines() if l.strip() and not l.startswith("#|")), "")
        rows.append((time.perf_counter() - started[id(cell)], fn.name, cell.idx_, first[:70]))

    shell = CaptureShell(fn)
    with working_directory(fn.parent): shell.run_all(nb, exc_stop=True, preproc=pre, postproc=post)
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--only", default="*", help="glob of the notebooks to time (default: all)")
    a = p.parse_args()
    cfg = get_config()
    skip = set(cfg.tst_flags.split())
    rows = []
    for fn in sorted(Path(cfg.nbs_path).glob(f"{a.only}.ipynb")):
        t = time.perf_counter()
        rows += time_notebook(fn.absolute(), skip)
        print(f"{fn.name:24s} {time.perf_counter() - t:6.1f} s", flush=True)
    print(f"\nall cells, one after another: {sum(r[0] for r in rows):.0f} s\n\nslowest cells:")
    for s, nb, i, line in sorted(rows, reverse=True)[:a.top]:
        print(f"{s:6.1f} s  {nb} cell {i}: {line}")


if __name__ == "__main__":
    main()
