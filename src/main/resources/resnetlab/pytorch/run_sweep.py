"""Runs the jobs of an exported resnet-lab sweep (jobs.json) one after another.

    python3 run_sweep.py                       every job not yet finished, in order
    python3 run_sweep.py --torchrun 2          each job on 2 processes (torchrun, DDP)
    python3 run_sweep.py --list                what is done and what is left

A job is finished when its runs/seed-S/history.json says so; an interrupted job continues with --resume.
Each job is independent: jobs.txt has the same jobs as shell lines for a scheduler (GNU parallel, SLURM arrays).
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def finished(job):
    path = os.path.join(HERE, job["dir"], "runs", "seed-%d" % job["seed"], "history.json")
    if not os.path.exists(path):
        return False
    with open(path, encoding="utf-8") as f:
        return json.load(f)["final"]["state"] == "finished"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--torchrun", type=int, default=1, help="processes per job (default: 1, no torchrun)")
    p.add_argument("--list", action="store_true", help="list the jobs and stop")
    args, extra = p.parse_known_args()
    with open(os.path.join(HERE, "jobs.json"), encoding="utf-8") as f:
        jobs = json.load(f)["jobs"]
    for i, job in enumerate(jobs):
        done = finished(job)
        if args.list:
            print("%3d  %-8s  %s, seed %d" % (i + 1, "done" if done else "to do", job["net"], job["seed"]))
            continue
        if done:
            continue
        run = os.path.join(HERE, job["dir"], "runs", "seed-%d" % job["seed"])
        cmd = job["command"].split()[1:]  # drop "python3": use this interpreter
        if os.path.exists(os.path.join(run, "checkpoint.pt")):
            cmd.append("--resume")
        if args.torchrun > 1:
            cmd = [sys.executable, "-m", "torch.distributed.run", "--redirects", "1", "--tee", "1",
                   "--nproc_per_node", str(args.torchrun)] + cmd
        else:
            cmd = [sys.executable] + cmd
        print("== job %d/%d: %s, seed %d" % (i + 1, len(jobs), job["net"], job["seed"]), flush=True)
        subprocess.run(cmd + extra, cwd=os.path.join(HERE, job["dir"]), check=True)


if __name__ == "__main__":
    main()
