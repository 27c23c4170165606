"""The images a resnet-lab project trains and tests on, prepared exactly as resnet-lab prepares them.

    files -> bytes -> subset (the first images of each class in file order) -> float32 byte/255
          -> resampling to the spec's image size (area when shrinking, bilinear when enlarging)
          -> per-channel normalisation (x - mean[c]) * (1 / std[c])

Each step mirrors a class of resnet-lab (data/IdxReader, Cifar10Reader, Subsets, ByteImages, Resampling,
Normalization) in float32 with the same order of operations, so the arrays are the ones our engine sees.
Data: MNIST-style IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...) or the
CIFAR-10 binary batches (data_batch_1.bin .. data_batch_5.bin, test_batch.bin). Needs NumPy only.
"""
import gzip
import math
import os
from urllib.parse import unquote, urlparse

import numpy as np

CLASSES = 10
NATIVE = {"fashion": 28, "mnist": 28, "cifar10": 32}
HERE = os.path.dirname(os.path.abspath(__file__))


class DataError(Exception):
    """A problem with the data files or sizes, meant for the user."""


def data_dir(config, given=None):
    """The folder to read: --data-dir if given, else the config's, else the project's copy of the shipped subset."""
    if given:
        return given
    spec = config["data"]
    d = spec.get("dataDir")
    if d:
        return unquote(urlparse(d).path) if d.startswith("file:") else d
    if spec["name"] == "fashion":
        return os.path.join(HERE, "data", "fashion-mnist")
    raise DataError("%s: the data spec names no folder; give --data-dir" % spec["name"])


def _read(path):
    with open(path, "rb") as f:
        b = f.read()
    return gzip.decompress(b) if b[:2] == b"\x1f\x8b" else b


def _find(folder, *names):
    for n in names:
        for candidate in (n + ".gz", n):
            p = os.path.join(folder, candidate)
            if os.path.isfile(p):
                return p
    raise DataError("%s.gz: file not found in %s" % (names[0], folder))


def read_idx(folder, split):
    """(bytes (N, 1, H, W) uint8, labels (N,) int64) of an MNIST-style folder; split is train or t10k."""
    if not os.path.isdir(folder):
        raise DataError("%s: folder does not exist" % folder)
    ip = _find(folder, split + "-images-idx3-ubyte", split + "-images.idx3-ubyte")
    lp = _find(folder, split + "-labels-idx1-ubyte", split + "-labels.idx1-ubyte")
    ib, lb = _read(ip), _read(lp)
    if int.from_bytes(ib[:4], "big") != 0x803 or int.from_bytes(lb[:4], "big") != 0x801:
        raise DataError("%s or %s: not an IDX image/label file" % (ip, lp))
    n, rows, cols = (int.from_bytes(ib[o:o + 4], "big") for o in (4, 8, 12))
    if len(ib) != 16 + n * rows * cols or len(lb) != 8 + n:
        raise DataError("%s: its length does not match its header (or the label count differs)" % ip)
    images = np.frombuffer(ib, dtype=np.uint8, offset=16).reshape(n, 1, rows, cols)
    labels = np.frombuffer(lb, dtype=np.uint8, offset=8).astype(np.int64)
    return images, labels


def read_cifar10(folder, train):
    """(bytes (N, 3, 32, 32) uint8, labels) of the CIFAR-10 binary batches."""
    sub = os.path.join(folder, "cifar-10-batches-bin")
    if not os.path.exists(os.path.join(folder, "test_batch.bin")) and os.path.isdir(sub):
        folder = sub
    names = ["data_batch_%d.bin" % i for i in range(1, 6)] if train else ["test_batch.bin"]
    parts = []
    for name in names:
        p = os.path.join(folder, name)
        if not os.path.isfile(p):
            raise DataError("%s: file not found in %s" % (name, folder))
        b = np.fromfile(p, dtype=np.uint8)
        if b.size % 3073:
            raise DataError("%s: not a whole number of 3073-byte records" % p)
        parts.append(b.reshape(-1, 3073))
    rec = np.concatenate(parts)
    return rec[:, 1:].reshape(-1, 3, 32, 32), rec[:, 0].astype(np.int64)


def quota(classes, total):
    return [total // classes + (1 if c < total % classes else 0) for c in range(classes)]


def first_per_class(labels, classes, total):
    """Indices of the first quota[c] images of each class, in file order (resnet-lab's Subsets.firstPerClass)."""
    need = quota(classes, total)
    have = np.bincount(labels, minlength=classes)
    for c in range(classes):
        if have[c] < need[c]:
            raise DataError("a class-balanced subset of %d images needs %d of class %d, which has only %d"
                            % (total, need[c], c, have[c]))
    taken, out = [0] * classes, []
    for i, c in enumerate(labels.tolist()):
        if taken[c] < need[c]:
            taken[c] += 1
            out.append(i)
            if len(out) == total:
                break
    return np.array(out, dtype=np.int64)


def _take(images, labels, size, what):
    if size > len(labels):
        raise DataError("%s %d is larger than the %d images available" % (what, size, len(labels)))
    if size == 0 or size == len(labels):
        return images, labels
    idx = first_per_class(labels, CLASSES, size)
    return images[idx], labels[idx]


def _taps(n_in, n_out):
    """Per output pixel: the first input pixel and float32 weights (resnet-lab's Resampling.Taps)."""
    scale = n_in / n_out
    first, weights = [], []
    for o in range(n_out):
        if n_out < n_in:
            lo, hi = o * scale, (o + 1) * scale
            i0, i1 = int(math.floor(lo)), min(n_in - 1, int(math.ceil(hi)) - 1)
            w = [np.float32((min(hi, i + 1) - max(lo, i)) / scale) for i in range(i0, i1 + 1)]
        else:
            x = max(0.0, min(n_in - 1, (o + 0.5) * scale - 0.5))
            i0 = min(int(math.floor(x)), n_in - 1)
            f = np.float32(x - i0)
            w = [np.float32(1) - f, f] if i0 + 1 < n_in else [np.float32(1)]
        first.append(i0)
        weights.append(w)
    return first, weights


def resize(x, size):
    """(N, C, H, W) float32 -> (N, C, size, size): rows first, then columns, accumulated in float32 tap by tap."""
    n, c, h, w = x.shape
    if h == size and w == size:
        return x
    fx, wx = _taps(w, size)
    tmp = np.empty((n, c, h, size), dtype=np.float32)
    for o in range(size):
        acc = np.zeros((n, c, h), dtype=np.float32)
        for k, wk in enumerate(wx[o]):
            acc = acc + wk * x[:, :, :, fx[o] + k]
        tmp[:, :, :, o] = acc
    fy, wy = _taps(h, size)
    out = np.empty((n, c, size, size), dtype=np.float32)
    for o in range(size):
        acc = np.zeros((n, c, size), dtype=np.float32)
        for k, wk in enumerate(wy[o]):
            acc = acc + wk * tmp[:, :, fy[o] + k, :]
        out[:, :, o, :] = acc
    return out


def to_float(images):
    return images.astype(np.float32) * np.float32(1.0 / 255.0)


def fit_normalization(x):
    """Per-channel mean and population std over all pixels, summed in double; std < 1e-6 counts as 1."""
    xd = x.astype(np.float64)
    mean, std = [], []
    for c in range(x.shape[1]):
        v = xd[:, c]
        count = max(1.0, float(v.size))
        m = v.sum() / count
        sd = math.sqrt(max(0.0, (v * v).sum() / count - m * m))
        mean.append(float(np.float32(m)))
        std.append(1.0 if sd < 1e-6 else float(np.float32(sd)))
    return {"mean": mean, "std": std}


def normalize(x, norm):
    """(x - mean[c]) * (1 / std[c]) in float32, as resnet-lab's Normalization.applyInPlace."""
    out = np.empty_like(x)
    for c in range(x.shape[1]):
        m = np.float32(norm["mean"][c])
        inv = np.float32(1) / np.float32(norm["std"][c])
        out[:, c] = (x[:, c] - m) * inv
    return out


def load(config, folder=None, train_size=None, test_size=None, want_train=True):
    """Raw [0, 1] float32 images at the spec's size: (train_x, train_y, test_x, test_y); train is None unless wanted."""
    spec = config["data"]
    name = spec["name"]
    if name == "shapes":
        raise DataError("shapes: the procedural shapes are drawn by resnet-lab's Java code and cannot be read here; "
                        "export a project with --dataset fashion, mnist or cifar10")
    if name not in NATIVE:
        raise DataError("unknown dataset %r" % name)
    folder = data_dir(config, folder)
    train_size = spec["trainSize"] if train_size is None else train_size
    test_size = spec["testSize"] if test_size is None else test_size
    size = spec["imageSize"] or NATIVE[name]
    if name == "cifar10":
        test = read_cifar10(folder, False)
        train = read_cifar10(folder, True) if want_train else None
    else:
        test = read_idx(folder, "t10k")
        train = read_idx(folder, "train") if want_train else None
    for part in (train, test):
        if part is not None and part[0].shape[2:] != (NATIVE[name], NATIVE[name]):
            raise DataError("%s: images are %dx%d, expected %dx%d" % (folder, part[0].shape[2], part[0].shape[3],
                                                                      NATIVE[name], NATIVE[name]))
    te_x, te_y = _take(test[0], test[1], test_size, "testSize")
    te_x = resize(to_float(te_x), size)
    if not want_train:
        return None, None, te_x, te_y
    tr_x, tr_y = _take(train[0], train[1], train_size, "trainSize")
    return resize(to_float(tr_x), size), tr_y, te_x, te_y
