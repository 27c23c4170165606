#!/usr/bin/python3
"""PyTorch peer for resnet-lab's `bench`: the same CIFAR ResNet training step, timed the same way.

Builds He 2015's CIFAR ResNet-20/56 (option A shortcuts, w = 16, 3x32x32, 10 classes), trains on random
data with SGD (lr 0.1, momentum 0.9, wd 1e-4), batch 128, on N threads, and prints JSON with images/s
per model (median over timed steps after warm-up). With --resnetlab FILE (the JSON printed by
`java --add-modules jdk.incubator.vector -jar target/resnet-lab.jar bench`) it adds the ratio
resnet-lab / PyTorch for each model.

Uses Debian's python3-torch (PyTorch 1.13 CPU); it is a benchmark peer, never a dependency of the product.
Usage: /usr/bin/python3 src/bench/python/torch_bench.py [--threads 2] [--steps 10] [--resnetlab bench.json]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    """conv-BN-ReLU-conv-BN, add option-A shortcut, ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.stride, self.pad = stride, cout - cin

    def forward(self, x):
        out = F.relu(self.b1(self.c1(x)))
        out = self.b2(self.c2(out))
        s = x
        if self.stride != 1 or self.pad:
            s = x[:, :, ::self.stride, ::self.stride]
            s = F.pad(s, (0, 0, 0, 0, 0, self.pad))
        return F.relu(out + s)


class ResNet(nn.Module):
    def __init__(self, depth, width=16, classes=10, channels=3):
        super().__init__()
        n = (depth - 2) // 6
        self.stem = nn.Sequential(nn.Conv2d(channels, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        blocks, cin = [], width
        for stage in range(3):
            cout = width << stage
            for i in range(n):
                blocks.append(Block(cin, cout, 2 if stage > 0 and i == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(x.mean(dim=(2, 3)))


def bench(depth, threads, batch, steps, size, width=16, channels=3):
    """Training images/s: median of `steps` timed SGD steps after two warm-up steps."""
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = ResNet(depth, width=width, channels=channels)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(batch, channels, size, size)
    y = torch.randint(0, 10, (batch,))
    times = []
    for step in range(steps + 2):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        if step >= 2:  # warm-up steps are not timed
            times.append(time.perf_counter() - t0)
    return batch / statistics.median(times)


def bench_inference(depth, threads, batch, steps, size, width=16, channels=3):
    """Inference images/s in eval mode under torch.no_grad(): median of `steps` forward passes after two."""
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = ResNet(depth, width=width, channels=channels).eval()
    x = torch.randn(batch, channels, size, size)
    times = []
    with torch.no_grad():
        for step in range(steps + 2):
            t0 = time.perf_counter()
            net(x)
            if step >= 2:
                times.append(time.perf_counter() - t0)
    return batch / statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--models", default="20,56")
    ap.add_argument("--resnetlab", help="JSON printed by resnet-lab's bench command")
    args = ap.parse_args()
    out = {"framework": "pytorch " + torch.__version__, "threads": args.threads, "batch": args.batch, "training": []}
    ours = {}
    if args.resnetlab:
        with open(args.resnetlab) as f:
            for e in json.load(f).get("training", []):
                if e.get("threads") == args.threads and e.get("batch") == args.batch:
                    ours[e["model"]] = e["imagesPerSecond"]
    for depth in [int(d) for d in args.models.split(",")]:
        ips = bench(depth, args.threads, args.batch, args.steps, args.size)
        entry = {"model": "ResNet-%d" % depth, "imagesPerSecond": round(ips, 1)}
        if entry["model"] in ours:
            entry["resnetlabImagesPerSecond"] = ours[entry["model"]]
            entry["ratio"] = round(ours[entry["model"]] / ips, 3)
        out["training"].append(entry)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
