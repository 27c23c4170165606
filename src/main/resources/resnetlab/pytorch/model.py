"""The network of a resnet-lab project, in PyTorch.

A CIFAR-style plain or residual net of depth 6n+2 (He et al. 2015, section 4.2): a stem conv3x3-BN-ReLU of
width w; three stages of n units with w, 2w and 4w filters, the first unit of stages 2 and 3 with stride 2;
for pre-activation units a final BN-ReLU; global average pooling; a fully connected layer to the classes.
The unit's shortcut (He 2016, Fig. 2), its ordering of BN and ReLU (He 2016, Fig. 4) and the dimension
option A/B/C (He 2015) come from the "spec" of config.json.

Every parameter and buffer has the name resnet-lab gives it (stem.conv.weight, stage1.block0.bn1.gamma,
stage2.block0.shortcut.conv.weight, stage3.block1.gate.bias, head.bn.running_mean, fc.weight, ...), so
model.state_dict() and the weights.safetensors files of resnet-lab have the same keys and shapes.

Needs only Python 3, NumPy and PyTorch (1.13 or newer). Written by resnet-lab (resnetlab export pytorch);
you may edit it, but keep the names if the weights are to go back to resnet-lab.
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SHORTCUTS = ("none", "identity", "scaled", "exclusive-gate", "shortcut-gate", "conv1x1", "dropout")
UNITS = ("original", "bn-after-add", "relu-before-add", "relu-preact", "full-preact")
BN_EPS = 1e-5        # as resnet-lab's BatchNorm2d and torch.nn.BatchNorm2d
BN_MOMENTUM = 0.1


class BatchNorm(nn.Module):
    """Batch normalisation per channel, with resnet-lab's parameter names gamma and beta.

    Training: y = gamma (x - mean_B) / sqrt(var_B + eps) + beta with the batch's biased variance; the running
    averages move by 0.1 towards the batch mean and the unbiased variance. Eval: the running averages.
    The same arithmetic as torch.nn.BatchNorm2d (F.batch_norm), only the names differ.
    """

    def __init__(self, channels):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.gamma, self.beta,
                            self.training, BN_MOMENTUM, BN_EPS)


def conv(cin, cout, k, stride):
    """A k x k convolution without bias (a BN follows), padding (k-1)/2."""
    return nn.Conv2d(cin, cout, k, stride=stride, padding=(k - 1) // 2, bias=False)


class ConvBN(nn.Module):
    """conv then BN: the stem (conv3x3) and the projection shortcuts of options B/C and conv1x1 (conv1x1)."""

    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv = conv(cin, cout, k, stride)
        self.bn = BatchNorm(cout)

    def forward(self, x):
        return self.bn(self.conv(x))


def subsample(x, cout, stride):
    """Option A: x[:, :, ::s, ::s] with the new channels zero-padded; no parameters."""
    h = x[:, :, ::stride, ::stride]
    return F.pad(h, (0, 0, 0, 0, 0, cout - x.shape[1]))


class DropoutShortcut(nn.Module):
    """He 2016's dropout shortcut: m * h with m ~ Bernoulli(1 - p) per value and no 1/(1 - p) rescaling;
    eval uses the expectation (1 - p) * h. Set fixed_mask to a 0/1 tensor to replay a given mask (the tests
    that compare this model with resnet-lab's engine do)."""

    def __init__(self, p):
        super().__init__()
        self.p = p
        self.fixed_mask = None

    def forward(self, h):
        if not self.training:
            return (1 - self.p) * h
        mask = self.fixed_mask if self.fixed_mask is not None else (torch.rand_like(h) >= self.p).to(h.dtype)
        return h * mask


class Unit(nn.Module):
    """One residual unit (or plain block): z = join(F(x), h(x)), y = post(z); see resnet-lab's ResidualBlock.

        identity, conv1x1, option A/B/C:  z = F(x) + h(x)
        dropout:                          z = F(x) + m * h(x)
        scaled:                           z = a F(x) + lambda h(x),  a = 1 or 1 - lambda
        exclusive-gate:                   z = g F(x) + (1 - g) h(x),  g = sigmoid(W_g x + b_g)
        shortcut-gate:                    z = F(x) + (1 - g) h(x)
        none (plain):                     z = F(x)
        post: ReLU (original), BN-ReLU (bn-after-add), nothing (relu-before-add, pre-activation units)
    """

    def __init__(self, spec, cin, cout, stride, first_of_net):
        super().__init__()
        self.kind = spec["shortcut"]
        self.unit = spec["unit"]
        self.cin, self.cout, self.stride = cin, cout, stride
        self.first_of_net = first_of_net
        if self.unit == "full-preact" and not first_of_net:
            self.bn0 = BatchNorm(cin)
        self.conv1 = conv(cin, cout, 3, stride)
        self.bn1 = BatchNorm(cout)
        self.conv2 = conv(cout, cout, 3, 1)
        if self.unit != "full-preact":
            self.bn2 = BatchNorm(cout)
        if self.unit == "bn-after-add":
            self.bnAdd = BatchNorm(cout)
        self.changes = stride != 1 or cin != cout
        self.shortcut = None
        if self.kind != "none":
            option = spec["option"]
            if self.kind == "conv1x1" or option == "C" or (self.changes and option == "B"):
                self.shortcut = ConvBN(cin, cout, 1, stride)
        if self.kind == "dropout":
            self.drop = DropoutShortcut(spec["dropout"])
        if self.kind in ("exclusive-gate", "shortcut-gate"):
            self.gate = nn.Conv2d(cin, cout, 1, stride=stride, bias=True)
        self.shortcut_scale = spec["lambda"] if self.kind == "scaled" else 1.0
        self.branch_scale = 1.0 - spec["lambda"] if self.kind == "scaled" and spec["scaleBranch"] else 1.0

    def branch(self, x):
        if self.unit == "relu-preact":
            if not self.first_of_net:  # the stem's ReLU already activates the first unit's input (He 2016, 4.1)
                x = F.relu(x)
            return self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.unit == "full-preact":
            if not self.first_of_net:
                x = F.relu(self.bn0(x))
            return self.conv2(F.relu(self.bn1(self.conv1(x))))
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y) if self.unit == "relu-before-add" else y

    def forward(self, x):
        f = self.branch(x)
        if self.kind == "none":
            z = f
        else:
            if self.shortcut is not None:
                h = self.shortcut(x)
            elif self.changes:
                h = subsample(x, self.cout, self.stride)
            else:
                h = x
            if self.kind == "dropout":
                h = self.drop(h)
            if self.kind == "exclusive-gate":
                g = torch.sigmoid(self.gate(x))
                z = g * f + (1 - g) * h
            elif self.kind == "shortcut-gate":
                g = torch.sigmoid(self.gate(x))
                z = f + (1 - g) * h
            elif self.kind == "scaled":
                z = self.branch_scale * f + self.shortcut_scale * h
            else:
                z = f + h
        if self.unit == "original":
            return F.relu(z)
        if self.unit == "bn-after-add":
            return F.relu(self.bnAdd(z))
        return z


class ResNet(nn.Module):
    """image (N, C, S, S) -> stem -> stage1..3 -> head (BN-ReLU for pre-activation units) -> pool -> fc -> logits (N, K)."""

    def __init__(self, spec):
        super().__init__()
        check_spec(spec)
        self.spec = dict(spec)
        w, n = spec["width"], (spec["depth"] - 2) // 6
        self.stem = ConvBN(spec["inChannels"], w, 3, 1)
        channels = w
        for stage in (1, 2, 3):
            out = w << (stage - 1)
            blocks = nn.Sequential()
            for i in range(n):
                stride = 2 if stage > 1 and i == 0 else 1
                blocks.add_module("block%d" % i, Unit(spec, channels, out, stride, stage == 1 and i == 0))
                channels = out
            self.add_module("stage%d" % stage, blocks)
        self.preact = spec["unit"] in ("relu-preact", "full-preact")
        if self.preact:
            self.head = nn.Module()
            self.head.bn = BatchNorm(channels)
        self.fc = nn.Linear(channels, spec["classes"])
        self.reset_parameters(0)

    def forward(self, x):
        h = F.relu(self.stem(x))
        h = self.stage3(self.stage2(self.stage1(h)))
        if self.preact:
            h = F.relu(self.head.bn(h))
        return self.fc(h.mean(dim=(2, 3)))

    def reset_parameters(self, seed):
        """resnet-lab's initialisation (not its random stream): conv weights ~ N(0, 2/(k k C_out)) (He 2015),
        FC weights ~ U(-1/sqrt(in), 1/sqrt(in)), FC bias 0, BN gamma 1 and beta 0, gate weights 0 with bias b_g."""
        gen = torch.Generator().manual_seed(seed)
        for name, m in self.named_modules():
            if isinstance(m, nn.Conv2d):
                if name.endswith(".gate"):
                    nn.init.zeros_(m.weight)
                    nn.init.constant_(m.bias, self.spec["gateBias"])
                else:
                    k, cout = m.kernel_size[0], m.out_channels
                    with torch.no_grad():
                        m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * (2.0 / (k * k * cout)) ** 0.5)
            elif isinstance(m, nn.Linear):
                bound = 1 / m.in_features ** 0.5
                with torch.no_grad():
                    m.weight.copy_((torch.rand(m.weight.shape, generator=gen) * 2 - 1) * bound)
                    m.bias.zero_()

    def decayed_names(self):
        """The parameters resnet-lab applies weight decay to: conv and FC weights (not biases, not BN)."""
        return [n for n, _ in self.named_parameters() if n.endswith(".weight")]


def check_spec(spec):
    depth = spec["depth"]
    if depth < 8 or (depth - 2) % 6:
        raise ValueError("depth %d is not 6n+2 with n >= 1" % depth)
    if spec["shortcut"] not in SHORTCUTS:
        raise ValueError("unknown shortcut %r (expected one of %s)" % (spec["shortcut"], ", ".join(SHORTCUTS)))
    if spec["unit"] not in UNITS:
        raise ValueError("unknown unit %r (expected one of %s)" % (spec["unit"], ", ".join(UNITS)))
    if spec["option"] not in ("A", "B", "C"):
        raise ValueError("unknown dimension option %r (expected A, B or C)" % spec["option"])


# ---- files ------------------------------------------------------------------------------------------------

HERE = os.path.dirname(os.path.abspath(__file__))


def read_config(project=HERE):
    with open(os.path.join(project, "config.json"), encoding="utf-8") as f:
        return json.load(f)


def build(project=HERE, weights=None):
    """The project's network; with weights (a path, default the project's weights.safetensors if present) loaded."""
    config = read_config(project)
    model = ResNet(config["spec"])
    path = weights if weights is not None else os.path.join(project, "weights.safetensors")
    if weights is not None or os.path.exists(path):
        tensors, _ = load_safetensors(path)
        model.load_state_dict(tensors, strict=True)
    return model


def load_safetensors(path):
    """(tensors, metadata) of a safetensors file: with the safetensors package if installed, else with NumPy.

    Layout: 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}, ...,
    "__metadata__": {...}}, then the raw little-endian data."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("%s: not a safetensors file" % path)
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError("%s: truncated safetensors file" % path)
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    try:
        from safetensors.torch import load as st_load  # optional
        return dict(st_load(data)), metadata
    except ImportError:
        pass
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError("%s: tensor %s is %s; expected F32" % (path, name, entry["dtype"]))
        begin, end = entry["data_offsets"]
        if 8 + n + end > len(data):
            raise ValueError("%s: truncated safetensors file (tensor %s)" % (path, name))
        array = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=8 + n + begin)
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).astype(np.float32))
    return tensors, metadata


def save_safetensors(path, tensors, metadata=None):
    """Writes float32 tensors (and string metadata) as safetensors, atomically (temp file, then rename)."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
        blobs.append(a.tobytes())
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def state_tensors(model):
    """The state dict as float32 tensors on the CPU, unwrapped from DistributedDataParallel if need be."""
    m = model.module if hasattr(model, "module") else model
    return {k: v.detach().float().cpu().contiguous() for k, v in m.state_dict().items()}
