"""PyTorch as an outside oracle for resnet-lab's engine (driven by PytorchOracleTest).

For each exported project listed in the cases file: build the network with the project's model.py and weights,
then on the batch in batch.safetensors (x, labels, dropout masks "mask.BLOCK" of resnet-lab's training pass):
  1. eval mode: logits with the running statistics;
  2. training mode: logits with batch statistics, mean cross-entropy, one backward pass;
and write torch.safetensors: eval.logits, train.logits, loss, grad.NAME of every parameter, buffer.NAME of every
buffer after the training pass (the updated running statistics). One process for all cases keeps it fast.
"""
import importlib.util
import json
import os
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)

with open(sys.argv[1], encoding="utf-8") as f:
    projects = json.load(f)["projects"]

for i, project in enumerate(projects):
    spec = importlib.util.spec_from_file_location("exported_model_%d" % i, os.path.join(project, "model.py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    model = m.build(project)
    batch, _ = m.load_safetensors(os.path.join(project, "batch.safetensors"))
    x, y = batch["x"], batch["labels"].long()

    model.eval()
    with torch.no_grad():
        eval_logits = model(x)

    model.train()
    for name, module in model.named_modules():
        if isinstance(module, m.DropoutShortcut):
            module.fixed_mask = batch["mask." + name[:-len(".drop")]]
    model.zero_grad()
    train_logits = model(x)
    loss = F.cross_entropy(train_logits, y)
    loss.backward()

    out = {"eval.logits": eval_logits, "train.logits": train_logits.detach(), "loss": loss.detach().reshape(1)}
    for name, p in model.named_parameters():
        out["grad." + name] = p.grad if p.grad is not None else torch.zeros_like(p)
    for name, b in model.named_buffers():
        out["buffer." + name] = b
    m.save_safetensors(os.path.join(project, "torch.safetensors"), out)
print("compared %d projects" % len(projects))
