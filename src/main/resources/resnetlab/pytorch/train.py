"""Trains the project's network with resnet-lab's recipe, on one process or many (torchrun + DDP).

    python3 train.py --out run                                   one process (CPU, or the GPU if there is one)
    torchrun --nproc_per_node 4 train.py --out run               4 processes on this machine (NCCL on GPUs, gloo on CPUs)
    torchrun --nnodes 2 --node_rank R --master_addr HOST --nproc_per_node 8 train.py --out run   a cluster

The recipe is config.json's "training" (He et al. 2015, section 4.2): SGD with momentum and weight decay on
the conv and FC weights ("decayed"), the learning rate divided by 10 at each milestone, warm-up at 0.01 for N
iterations or, with "paper", until the training error falls below 80%, pad-4 crop and flip augmentation.
--batch is the global batch: each of the W processes takes batch/W images of it, a DistributedSampler deals the
shuffled epoch out, and DDP averages the gradients, so one step is one step of the global batch. BN uses each
process's own batch statistics (as DDP does by default). The starting weights are the project's
weights.safetensors (resnet-lab's initial weights, or a trained net to fine-tune), or --init FILE (a sweep's
init-seedS.safetensors); --fresh-init draws new ones.

Writes, on process 0: RUN/checkpoint.pt every epoch (or --checkpoint-every N iterations) and at the end, for
--resume; RUN/weights.safetensors (the state dict with our names and the run's normalisation and recipe as
metadata, ready for `resnetlab import pytorch`); RUN/history.json in resnet-lab's words (history: iteration,
trainLoss, trainError, lr; evals: iteration, testError, testLoss; final). The random numbers of iteration i
(augmentation, dropout masks) are drawn from (seed, process, i), so a resumed run repeats an uninterrupted one.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import labdata  # noqa: E402
import model as lab  # noqa: E402

WARMUP_LR, WARMUP_ERROR = 0.01, 0.80


def parse_args(recipe):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="run folder (created)")
    p.add_argument("--data-dir", help="dataset folder (default: the config's, or the project's data/fashion-mnist)")
    p.add_argument("--train-size", type=int, help="training images, class-balanced; 0 = all (default: the config's)")
    p.add_argument("--test-size", type=int, help="test images, class-balanced; 0 = all (default: the config's)")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--iterations", type=int, help="SGD steps (default: the config's, %d)" % recipe["iterations"])
    length.add_argument("--epochs", type=int, help="passes over the training set")
    p.add_argument("--batch", type=int, default=recipe["batch"], help="global batch (default: %(default)s)")
    p.add_argument("--lr", type=float, default=recipe["lr"], help="(default: %(default)s)")
    p.add_argument("--momentum", type=float, default=recipe["momentum"], help="(default: %(default)s)")
    p.add_argument("--weight-decay", type=float, default=recipe["weightDecay"], help="(default: %(default)s)")
    p.add_argument("--milestones", default=",".join(str(m) for m in recipe["milestones"]),
                   help="iterations where lr is divided by 10, comma-separated (default: %(default)s)")
    p.add_argument("--warmup", default=recipe["warmup"], help="none, paper or N (default: %(default)s)")
    p.add_argument("--augment", action=argparse.BooleanOptionalAction, default=recipe["augment"],
                   help="pad-4 random crop and flip (default: %(default)s)")
    p.add_argument("--seed", type=int, default=recipe["seed"], help="(default: %(default)s)")
    p.add_argument("--eval-every", type=int, help="test every N iterations (default: once per epoch)")
    p.add_argument("--checkpoint-every", type=int, help="checkpoint every N iterations (default: once per epoch)")
    p.add_argument("--resume", action="store_true", help="continue from RUN/checkpoint.pt")
    p.add_argument("--init", help="start from this safetensors file (default: the project's weights.safetensors)")
    p.add_argument("--fresh-init", action="store_true", help="draw new weights instead of the project's weights.safetensors")
    p.add_argument("--device", help="cpu or cuda (default: cuda if available)")
    p.add_argument("--threads", type=int, help="torch threads per process (default: torch's)")
    return p.parse_args()


def warmup_iterations(w):
    w = str(w).strip().lower()
    if w in ("none", "0", ""):
        return 0
    if w == "paper":
        return -1
    if not w.isdigit():
        raise SystemExit("error: --warmup %r must be none, paper, or a number of iterations" % w)
    return int(w)


def learning_rate(args, it, warmup_done):
    """resnet-lab's LearningRateSchedule: 0.01 during warm-up, else lr / 10 per milestone passed."""
    if not warmup_done:
        return WARMUP_LR
    return args.lr / 10 ** sum(1 for m in args.milestone_list if it >= m)


def augment(x, generator):
    """Pad 4 (with 0, the training mean after normalisation), random crop of the original size, random flip."""
    n, _, h, w = x.shape
    padded = F.pad(x, (4, 4, 4, 4))
    dy = torch.randint(0, 9, (n,), generator=generator)
    dx = torch.randint(0, 9, (n,), generator=generator)
    flip = torch.rand(n, generator=generator) < 0.5
    out = torch.empty_like(x)
    for i in range(n):
        img = padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w]
        out[i] = img.flip(-1) if flip[i] else img
    return out


def evaluate(net, x, y, device, batch=500):
    net.eval()
    wrong, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            xb, yb = x[i:i + batch].to(device), y[i:i + batch].to(device)
            logits = net(xb)
            loss += F.cross_entropy(logits, yb, reduction="sum").item()
            wrong += (logits.argmax(1) != yb).sum().item()
    net.train()
    return wrong / len(y), loss / len(y)


def main():
    config = lab.read_config(HERE)
    args = parse_args(config["training"])
    args.milestone_list = [int(m) for m in args.milestones.split(",") if m.strip()]
    distributed = "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if distributed:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if device.type == "cuda":
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
            torch.cuda.set_device(device)
    else:
        rank, world = 0, 1
    if args.threads:
        torch.set_num_threads(args.threads)

    def log(*a):
        if rank == 0:
            print(*a, flush=True)

    if args.batch % world:
        raise SystemExit("error: --batch %d does not split over %d processes" % (args.batch, world))
    local_batch = args.batch // world

    # ---- data: exactly the images resnet-lab sees --------------------------------------------------------
    try:
        tr_x, tr_y, te_x, te_y = labdata.load(config, args.data_dir, args.train_size, args.test_size)
    except labdata.DataError as e:
        raise SystemExit("error: %s" % e)
    same_data = args.data_dir is None and args.train_size in (None, config["data"]["trainSize"])
    norm = config["normalization"] if same_data else labdata.fit_normalization(tr_x)
    tr_x = torch.from_numpy(labdata.normalize(tr_x, norm))
    te_x = torch.from_numpy(labdata.normalize(te_x, norm))
    tr_y, te_y = torch.from_numpy(tr_y), torch.from_numpy(te_y)
    if args.batch > len(tr_y):
        raise SystemExit("error: --batch %d is larger than the %d training images" % (args.batch, len(tr_y)))
    per_epoch = len(tr_y) // args.batch
    iterations = args.iterations if args.iterations else args.epochs * per_epoch if args.epochs else config["training"]["iterations"]
    eval_every = args.eval_every or per_epoch
    checkpoint_every = args.checkpoint_every or per_epoch

    # ---- network, optimiser ---------------------------------------------------------------------------
    net = lab.ResNet(config["spec"])
    if args.fresh_init:
        net.reset_parameters(args.seed)
    elif args.init or os.path.exists(os.path.join(HERE, "weights.safetensors")):
        net.load_state_dict(lab.load_safetensors(args.init or os.path.join(HERE, "weights.safetensors"))[0], strict=True)
    net.to(device)
    decayed = set(config.get("decayed") or net.decayed_names())
    params = dict(net.named_parameters())
    groups = [{"params": [p for n, p in params.items() if n in decayed], "weight_decay": args.weight_decay},
              {"params": [p for n, p in params.items() if n not in decayed], "weight_decay": 0.0}]
    optimizer = torch.optim.SGD(groups, lr=args.lr, momentum=args.momentum)
    model = torch.nn.parallel.DistributedDataParallel(net, device_ids=[device] if device.type == "cuda" else None) \
        if distributed else net

    warmup = warmup_iterations(args.warmup)
    state = {"iteration": 0, "warmup_done": warmup == 0, "history": [], "evals": []}
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    if args.resume:
        if not os.path.exists(ckpt_path):
            raise SystemExit("error: --resume: no %s" % ckpt_path)
        ckpt = torch.load(ckpt_path, map_location=device)
        net.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        state = ckpt["state"]
        log("resumed at iteration %d from %s" % (state["iteration"], ckpt_path))

    sampler = torch.utils.data.DistributedSampler(
        torch.utils.data.TensorDataset(tr_y), num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    per_rank_epoch = per_epoch * local_batch  # whole global batches only

    data_spec = dict(config["data"])  # the data this run read, in resnet-lab's DataSpec words
    if args.data_dir:
        data_spec["dataDir"] = os.path.abspath(args.data_dir)
    if args.train_size is not None:
        data_spec["trainSize"] = args.train_size
    if args.test_size is not None:
        data_spec["testSize"] = args.test_size
    recipe = {"iterations": iterations, "batch": args.batch, "lr": args.lr, "momentum": args.momentum,
              "weightDecay": args.weight_decay, "milestones": args.milestone_list, "warmup": str(args.warmup),
              "seed": args.seed, "threads": torch.get_num_threads(), "evalEvery": eval_every, "augment": args.augment}
    spec = config["spec"]
    log("%s-%d (%s, %s, option %s) on %d train / %d test images of %s, %d iterations of global batch %d on %d process(es) (%s, %s)" % (
        "plain" if spec["shortcut"] == "none" else "ResNet", spec["depth"], spec["shortcut"], spec["unit"], spec["option"], len(tr_y), len(te_y), "x".join(str(s) for s in tr_x.shape[1:]), iterations,
        args.batch, world, device, "DDP " + dist.get_backend() if distributed else "single"))

    def save(final):
        if rank != 0:
            return
        it = state["iteration"]
        torch.save({"model": net.state_dict(), "optimizer": optimizer.state_dict(), "state": state}, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)
        meta = {"format": "pt", "resnetlab.spec": json.dumps(config["spec"]), "resnetlab.normalization": json.dumps(norm),
                "resnetlab.data": json.dumps(data_spec),
                "resnetlab.training": json.dumps(recipe), "resnetlab.iteration": str(it),
                "resnetlab.origin": "train.py, %d processes" % world}
        lab.save_safetensors(os.path.join(args.out, "weights.safetensors"), lab.state_tensors(net), meta)
        last = state["evals"][-1] if state["evals"] else None
        tail = state["history"][-max(1, math.ceil(len(state["history"]) * 0.1)):]
        history = {"engine": "pytorch " + torch.__version__, "processes": world, "device": str(device),
                   "config": {"model": config["spec"], "training": recipe, "data": data_spec},
                   "normalization": norm, "history": state["history"], "evals": state["evals"],
                   "final": {"iterations": it, "trainError": sum(p["trainError"] for p in tail) / max(1, len(tail)),
                             "testError": last["testError"] if last else None,
                             "testLoss": last["testLoss"] if last else None, "state": "finished" if final else "running"}}
        with open(os.path.join(args.out, "history.json.tmp"), "w", encoding="utf-8") as f:
            json.dump(history, f, indent=1)
        os.replace(os.path.join(args.out, "history.json.tmp"), os.path.join(args.out, "history.json"))

    net.train()
    print_every = max(1, iterations // 20)
    t0, start, order_epoch, order = time.time(), state["iteration"], -1, None
    while state["iteration"] < iterations:
        it = state["iteration"]
        epoch, step = divmod(it, per_epoch)
        if epoch != order_epoch:  # this process's share of the epoch's shuffled order
            sampler.set_epoch(epoch)
            order, order_epoch = list(iter(sampler))[:per_rank_epoch], epoch
        idx = torch.tensor(order[step * local_batch:(step + 1) * local_batch])
        gen = torch.Generator().manual_seed((args.seed * 1_000_003 + rank) * 1_000_003 + it)
        torch.manual_seed((args.seed * 7_919 + rank) * 1_000_003 + it)  # dropout masks
        xb, yb = tr_x[idx], tr_y[idx]
        if args.augment:
            xb = augment(xb, gen)
        xb, yb = xb.to(device), yb.to(device)
        lr = learning_rate(args, it, state["warmup_done"])
        for g in optimizer.param_groups:
            g["lr"] = lr
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        optimizer.zero_grad()
        loss.backward()
        stats = torch.tensor([loss.item() * len(yb), (logits.argmax(1) != yb).sum().item(), len(yb)], dtype=torch.float64)
        if distributed:
            dist.all_reduce(stats)
        train_loss, train_error = stats[0].item() / stats[2].item(), stats[1].item() / stats[2].item()
        if not math.isfinite(train_loss):
            log("diverged at iteration %d: the training loss is %s" % (it + 1, train_loss))
            break
        optimizer.step()
        if warmup < 0 and train_error < WARMUP_ERROR:
            state["warmup_done"] = True
        state["iteration"] = it = it + 1
        if warmup > 0 and it >= warmup:
            state["warmup_done"] = True
        state["history"].append({"iteration": it, "trainLoss": train_loss, "trainError": train_error, "lr": lr})
        if it % print_every == 0 or it == 1:
            log("  iter %5d/%d  epoch %2d  loss %.4f  error %.3f  lr %.4g  %.0f img/s" % (
                it, iterations, it // per_epoch, train_loss, train_error, lr, (it - start) * args.batch / max(1e-9, time.time() - t0)))
        if it % eval_every == 0 or it == iterations:
            if rank == 0:
                err, tl = evaluate(net, te_x, te_y, device)
                state["evals"].append({"iteration": it, "testError": err, "testLoss": tl})
                log("  test at iter %d: error %.4f  loss %.4f (%d images)" % (it, err, tl, len(te_y)))
        if it % checkpoint_every == 0 or it == iterations:
            save(it == iterations)
        if distributed:
            dist.barrier()
    if distributed:
        dist.destroy_process_group()
    log("wrote %s (weights.safetensors, history.json, checkpoint.pt)" % args.out)


if __name__ == "__main__":
    main()
