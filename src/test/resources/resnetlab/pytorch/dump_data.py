"""Writes the images an exported project's labdata.py prepares (normalised with config.json's statistics) to
PROJECT/data.safetensors, for PytorchRoundTripTest to compare with resnet-lab's own: train.x, train.y, test.x, test.y."""
import os
import sys

import numpy as np
import torch

project = sys.argv[1]
sys.path.insert(0, project)
import labdata  # noqa: E402
import model  # noqa: E402

config = model.read_config(project)
tr_x, tr_y, te_x, te_y = labdata.load(config)
norm = config["normalization"]
out = {"train.x": torch.from_numpy(labdata.normalize(tr_x, norm)), "train.y": torch.from_numpy(tr_y.astype(np.float32)),
       "test.x": torch.from_numpy(labdata.normalize(te_x, norm)), "test.y": torch.from_numpy(te_y.astype(np.float32)),
       "fitted": torch.tensor(labdata.fit_normalization(tr_x)["mean"] + labdata.fit_normalization(tr_x)["std"])}
model.save_safetensors(os.path.join(project, "data.safetensors"), out)
