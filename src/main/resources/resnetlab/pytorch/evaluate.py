"""Test error of weights as JSON (testError, testLoss, images), on the images resnet-lab would test on.

    python3 evaluate.py --weights run/weights.safetensors [--data-dir D] [--test-size N] [--onnx model.onnx]

The network is config.json's; the normalisation is the one stored in the weights (train.py writes it) or else
config.json's. --onnx also writes the network as ONNX through torch.onnx (to look at it in Netron).
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import labdata  # noqa: E402
import model as lab  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--weights", default=os.path.join(HERE, "weights.safetensors"), help="(default: the project's)")
    p.add_argument("--data-dir", help="dataset folder (default: the config's, or the project's data/fashion-mnist)")
    p.add_argument("--test-size", type=int, help="test images, class-balanced; 0 = all (default: the config's)")
    p.add_argument("--batch", type=int, default=500)
    p.add_argument("--onnx", help="also write the network as ONNX to this file")
    args = p.parse_args()
    config = lab.read_config(HERE)
    net = lab.ResNet(config["spec"])
    tensors, meta = lab.load_safetensors(args.weights)
    net.load_state_dict(tensors, strict=True)
    net.eval()
    norm = json.loads(meta["resnetlab.normalization"]) if "resnetlab.normalization" in meta else config["normalization"]
    try:
        _, _, x, y = labdata.load(config, args.data_dir, None, args.test_size, want_train=False)
    except labdata.DataError as e:
        raise SystemExit("error: %s" % e)
    x, y = torch.from_numpy(labdata.normalize(x, norm)), torch.from_numpy(y)
    wrong, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(y), args.batch):
            logits = net(x[i:i + args.batch])
            loss += F.cross_entropy(logits, y[i:i + args.batch], reduction="sum").item()
            wrong += (logits.argmax(1) != y[i:i + args.batch]).sum().item()
    if args.onnx:
        torch.onnx.export(net, x[:1], args.onnx, input_names=["image"], output_names=["logits"])
    print(json.dumps({"testError": wrong / len(y), "testLoss": loss / len(y), "images": len(y), "weights": args.weights}))


if __name__ == "__main__":
    main()
