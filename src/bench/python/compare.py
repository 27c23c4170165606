#!/usr/bin/python3
"""resnet-lab against PyTorch on the same CPU, in interleaved rounds: training and inference images/s.

Each round runs resnet-lab's `bench` (a fresh JVM) and the PyTorch step of torch_bench.py for every
configuration, alternating which goes first, so that a machine whose speed drifts slows both alike.
Prints every round and then the medians and the ratios resnet-lab / PyTorch as JSON; single rounds on a
shared machine mean little, the medians of a few rounds more.

Presets:
  paper      ResNet-20 and ResNet-56, 3x32x32, width 16, batch 128, 2 threads (He et al. 2015, CIFAR-10)
  classroom  ResNet-56, 1x16x16, width 8, batch 64, 1 and 2 threads (what the app trains in class)

Usage: /usr/bin/python3 src/bench/python/compare.py [--preset classroom] [--rounds 5] [--jar target/resnet-lab.jar]
                                                  [--isa native|avx2]

--isa avx2 runs both sides as an AVX2-only x86 CPU would, on a machine with AVX-512: our JVM with -XX:UseAVX=2 (C2
then emits no AVX-512 instruction and has the 16 vector registers of AVX2, so the kernels take 8 lanes as on such a
CPU; -Dresnetlab.simd.bits=256 alone keeps AVX-512's 32 registers and mask instructions), PyTorch with
ONEDNN_MAX_CPU_ISA=AVX2 (its convolutions then run oneDNN's jit:avx2 kernels; ATen's own kernels already report
"CPU capability usage: AVX2" in Debian's build). The JSON records both ("isa").
Needs Debian's python3-torch (PyTorch 1.13 CPU): a benchmark peer, never a dependency of the product.

Run it at normal priority. Under a real-time policy (`chrt -f 10 ...`) every JVM thread is real-time too,
and on a 2-core machine the two training threads keep the JIT compiler's threads from running: a kernel
that is recompiled after a deoptimisation stays in the interpreter for seconds, and our ResNet-56 rounds
measured 85-245 images/s where PyTorch's measured 215-286 (2026-12-04; at normal priority 198-241).
The script says so on stderr and in its JSON ("scheduling").

Each round also records our warm training step's allocation ("resnetlabAllocatedBytesPerStep") and, since
2026-12-07, an inference batch's ("resnetlabAllocatedBytesPerInferenceBatch", rounds over 1 MB counted in
"boxedInferenceRounds": a kernel's vector passed to a method C2 did not inline had boxed 26.8 MB a ResNet-20 batch
unseen, as only training was checked). Megabytes a step
mean a kernel ran with its Vector API operations as calls to their Java fallback, which allocates a vector per
operation. Two causes, both found 2026-12-05 (src/bench/SPEED-LOG.md, the entry of 15:09 UTC): steps timed
before C2 had compiled every kernel (the bench's warm-up now waits until the JIT is quiet), and C2 giving up its
class checks for good once a compile's inlined trap counts reach -XX:PerMethodTrapLimit (4 of 32 fresh JVMs of one
build; our command passes -XX:PerMethodTrapLimit=10000, see resnetlab.kernel.JitFlags). Such rounds are flagged on stderr and counted per
configuration ("boxedRounds"), not dropped.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

# --isa avx2: oneDNN reads its ISA limit once, when torch loads it, so the variable must be set before the import
# below; the script runs itself again with it set.
_isa = argparse.ArgumentParser(add_help=False)
_isa.add_argument("--isa", default="native")
if _isa.parse_known_args()[0].isa == "avx2" and os.environ.get("ONEDNN_MAX_CPU_ISA") != "AVX2":
    os.environ["ONEDNN_MAX_CPU_ISA"] = "AVX2"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_bench  # noqa: E402  (beside this file)

# Untimed seconds of our bench before each measurement, at least: a fresh JVM compiles its kernels in the first
# seconds, and the bench warms up on until its JIT compiler is quiet (6-10 s for the classroom net here)
# (PyTorch's kernels are compiled ahead of time; torch_bench.py warms up with untimed steps too).
WARMUP_SECONDS = 3

PRESETS = {
    "paper": [dict(depth=d, width=16, channels=3, size=32, batch=128, threads=2) for d in (20, 56)],
    "classroom": [dict(depth=56, width=8, channels=1, size=16, batch=64, threads=t) for t in (1, 2)],
}


def key(c):
    return "ResNet-%d w%d %dx%dx%d batch %d, %d thread(s)" % (
        c["depth"], c["width"], c["channels"], c["size"], c["size"], c["batch"], c["threads"])


# The JVM flags of each --isa: "avx2" as an AVX2-only CPU (see the module docstring).
JVM_ISA_FLAGS = {"native": [], "avx2": ["-XX:UseAVX=2"]}

# On Linux our launchers put the heap on transparent huge pages (resnetlab.kernel.JitFlags.LINUX_HEAP_FLAG: 3-5% on
# the paper nets' training; PyTorch's step measured level with the kernel's THP mode "always"); other systems' JVMs
# reject the flag.
JVM_OS_FLAGS = ["-XX:+UseTransparentHugePages"] if sys.platform.startswith("linux") else []


def ours(jar, c, steps, isa="native"):
    cmd = ["java", "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=10000"] + JVM_OS_FLAGS + JVM_ISA_FLAGS[isa] + [
           "-jar", jar, "bench", "--skip-gemm", "--skip-conv", "--no-profile",
           "--models", str(c["depth"]), "--threads", str(c["threads"]), "--width", str(c["width"]),
           "--channels", str(c["channels"]), "--image-size", str(c["size"]), "--batch", str(c["batch"]),
           "--steps", str(steps), "--warmup", str(WARMUP_SECONDS)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    j = json.loads(out)
    t = j["training"][0]
    # how long the bench warmed up before timing (until the JIT was quiet) and what the JIT still compiled meanwhile
    warm = {"warmupSeconds": t.get("warmupSeconds"), "jitMillisDuringSteps": t.get("jitMillisDuringSteps"),
            "timings": t.get("timings")}
    inf = j["inference"][0]
    allocated = {"training": t["allocatedBytesPerStep"], "inference": inf.get("allocatedBytesPerBatch", 0)}
    return t["imagesPerSecond"], inf["imagesPerSecond"], j.get("simd", {}), allocated, warm


# A warm training step of ours allocates tens of kilobytes. Far more means C2 compiled some kernel with Vector API
# operations left as calls to their Java fallback (a new object per vector): that round measured a JIT accident,
# not the engine. Such rounds are kept and counted, not dropped.
BOXED_BYTES_PER_STEP = 1 << 20


def theirs(c, steps):
    args = (c["depth"], c["threads"], c["batch"], steps, c["size"], c["width"], c["channels"])
    return torch_bench.bench(*args), torch_bench.bench_inference(*args)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default="classroom")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=10, help="timed steps per measurement (median)")
    ap.add_argument("--jar", default="target/resnet-lab.jar")
    ap.add_argument("--isa", choices=sorted(JVM_ISA_FLAGS), default="native",
                    help="avx2: both sides as on an AVX2-only CPU (see the module docstring)")
    args = ap.parse_args()
    scheduling = scheduling_policy()
    if scheduling != "normal":
        print("compare.py: running under the %s real-time policy, which starves the JVM's compiler threads and "
              "makes our figures erratic; run at normal priority for figures to quote" % scheduling,
              file=sys.stderr, flush=True)
    configs = PRESETS[args.preset]
    rounds, simd = [], None
    for r in range(args.rounds):
        row = {"round": r + 1}
        for i, c in enumerate(configs):
            first_ours = (r + i) % 2 == 0
            if first_ours:
                t_ours, i_ours, simd, allocated, warm = ours(args.jar, c, args.steps, args.isa)
                t_torch, i_torch = theirs(c, args.steps)
            else:
                t_torch, i_torch = theirs(c, args.steps)
                t_ours, i_ours, simd, allocated, warm = ours(args.jar, c, args.steps, args.isa)
            row[key(c)] = {"train": {"resnetlab": round(t_ours, 1), "pytorch": round(t_torch, 1)},
                           "inference": {"resnetlab": round(i_ours, 1), "pytorch": round(i_torch, 1)},
                           "resnetlabAllocatedBytesPerStep": allocated["training"],
                           "resnetlabAllocatedBytesPerInferenceBatch": allocated["inference"], "resnetlabTraining": warm}
            for what, bytes_ in allocated.items():
                if bytes_ > BOXED_BYTES_PER_STEP:
                    print("compare.py: round %d, %s: our %s allocated %d bytes a step; the JIT left vector operations "
                          "boxed in this run, so our %s figure of this round is low" % (r + 1, key(c), what, bytes_, what),
                          file=sys.stderr, flush=True)
        rounds.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    summary = {}
    for c in configs:
        k = key(c)
        s = {}
        for what in ("train", "inference"):
            ours_m = statistics.median(r[k][what]["resnetlab"] for r in rounds)
            torch_m = statistics.median(r[k][what]["pytorch"] for r in rounds)
            per_round = [round(r[k][what]["resnetlab"] / r[k][what]["pytorch"], 3) for r in rounds]
            s[what] = {"resnetlab": round(ours_m, 1), "pytorch": round(torch_m, 1),
                       "ratio": round(ours_m / torch_m, 3), "ratioPerRound": per_round}
        s["boxedRounds"] = sum(1 for r in rounds if r[k]["resnetlabAllocatedBytesPerStep"] > BOXED_BYTES_PER_STEP)
        s["boxedInferenceRounds"] = sum(1 for r in rounds
                                        if r[k]["resnetlabAllocatedBytesPerInferenceBatch"] > BOXED_BYTES_PER_STEP)
        summary[k] = s
    print(json.dumps({"preset": args.preset, "rounds": args.rounds, "stepsPerMeasurement": args.steps,
                      "pytorch": {"version": torch.__version__,
                                  "threads": "as in each configuration (torch.set_num_threads)"},
                      "resnetlabSimd": simd, "resnetlabJvmFlags": JVM_OS_FLAGS + JVM_ISA_FLAGS[args.isa], "isa": isa_record(args.isa), "cpu": cpu_name(), "scheduling": scheduling, "medians": summary, "everyRound": rounds}, indent=2))


def isa_record(isa):
    """What each side was limited to: the --isa asked for, our JVM's flags, oneDNN's limit and ATen's capability."""
    capability = next((line.split(":", 1)[1].strip() for line in torch.__config__.show().splitlines()
                       if "CPU capability usage" in line), "unknown")
    return {"requested": isa, "resnetlabJvmFlags": JVM_ISA_FLAGS[isa],
            "pytorchOneDnnMaxIsa": os.environ.get("ONEDNN_MAX_CPU_ISA", "(not set: all the CPU has)"),
            "pytorchCpuCapability": capability}


def scheduling_policy():
    """"normal", or the name of the real-time policy this process (and so every benchmark it starts) runs under."""
    policy = os.sched_getscheduler(0)
    return {os.SCHED_FIFO: "SCHED_FIFO", os.SCHED_RR: "SCHED_RR"}.get(policy, "normal")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


if __name__ == "__main__":
    main()
