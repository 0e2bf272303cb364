#!/usr/bin/env python3
"""Reference fixture for OfaExp's OFA checkpoint import (tests/OfaExp.Nn.Tests/ImportReferenceTests.cs).

What it does
  Builds a small reference OFAMobileNetV3 from mit-han-lab/once-for-all
  (ofa/imagenet_classification/elastic_nn/networks/ofa_mbv3.py) with n_classes 10, width_mult 0.1,
  ks_list [3,5,7], expand_ratio_list [3,4,6], depth_list [2,3,4], bn_param (0.1, 1e-5), dropout 0, sets every
  weight and BN statistic from a seeded torch generator (rule: weights_rule below), saves the state dict wrapped as
  {"state_dict": ...} like OFA's released files (ofa_mbv3_tiny.pth, < 1 MiB), and writes expected.json with the
  logits of a fixed input batch (inputs_rule) for
    - the max subnet, the min subnet and 3 fixed random subnets (explicit ks/e/d lists), BN in eval mode,
    - the max and min subnet after the reference's BN recalibration
      (set_running_statistics in ofa/imagenet_classification/elastic_nn/utils.py) on a fixed batch list,
  each at resolutions 32 and 40 (odd feature-map sizes on the way down exercise "same" padding and strides),
  in float32 ("logits") and on a float64 copy of the same network ("logits64"; tells a real difference from
  float32 rounding). Before saving, BN statistics get a warm-up (WEIGHTS_RULE) so activations stay O(1).

How to run (Debian: apt-get install python3-torch; torchvision is not needed, see the stub below)
  git clone https://github.com/mit-han-lab/once-for-all /tmp/ofa-ref && git -C /tmp/ofa-ref checkout REFERENCE_COMMIT
  /usr/bin/python3 tools/import-reference/make_fixture.py /tmp/ofa-ref tests/OfaExp.Nn.Tests/Fixtures/ofa-reference

Reference commit f03b2673db313b9167e2a1c2b7a5cad540cc1313 (2023-09-26), run with Debian's python3-torch 1.13.1+dfsg-4
(torch.__version__ '1.13.0a0') on CPU, python -B so that no caches are written.
Outputs are deterministic for a given torch build; the C# test recomputes the inputs from the same formulas.
"""

import json
import math
import os
import sys
import types

REFERENCE_COMMIT = "f03b2673db313b9167e2a1c2b7a5cad540cc1313"
SEED = 20240601
RESOLUTIONS = [32, 40]
BATCH = 4
# BN recalibration batches: (phase, size) pairs; two sizes so that the size-weighted average is exercised.
CALIBRATION = [(1, 32), (2, 16)]
WARMUP = (3, 64, 40)
# float32 rounding grows to ~4e-6 relative over the 22 blocks of the max subnet (measured against a float64 copy);
# a smaller classifier keeps the logits, and so that rounding, well below the 1e-5 absolute tolerance of the test.
CLASSIFIER_SCALE = 0.1
NETWORK = dict(n_classes=10, bn_param=(0.1, 1e-5), dropout_rate=0.0, width_mult=0.1,
               ks_list=[3, 5, 7], expand_ratio_list=[3, 4, 6], depth_list=[2, 3, 4])

INPUTS_RULE = ("x.flatten()[i] = (lowbias32((p << 24) | (size << 16) | i) >> 8) / 2^23 - 1 for an n x 3 x size x size "
               "batch (row-major), lowbias32(x): x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; "
               "x ^= x >> 16 (uint32); p = 0 for the evaluated batch, the phase for calibration and warm-up batches")
WEIGHTS_RULE = ("torch.Generator seeded with SEED, tensors in state_dict order: *_matrix = eye + 0.1*randn; "
                "BN weight = uniform(0.5, 1.5); BN bias = 0.1*randn; running_mean = 0.1*randn; "
                "running_var = uniform(0.5, 1.5); conv/linear weight = randn*sqrt(1/fan_in), fan_in = numel/shape[0], "
                "times CLASSIFIER_SCALE for classifier.linear.weight; "
                "other biases = 0.1*randn; num_batches_tracked = 0; then, so that activations stay O(1) and 1e-5 is a "
                "meaningful tolerance, the running statistics of the max subnet are replaced by set_running_statistics "
                "on WARMUP (phase, images, resolution), then each mean is shifted by 0.1*sqrt(var)*randn and each var "
                "multiplied by (1 + 0.1*randn) from the same generator, in state_dict order, means before vars of each BN")


def stub_torchvision():
    """ofa.utils imports its data loaders, which import torchvision; the network code never uses it."""
    tv = types.ModuleType("torchvision")
    tr = types.ModuleType("torchvision.transforms")
    fn = types.ModuleType("torchvision.transforms.functional")
    tr.RandomResizedCrop = object
    tr.functional = fn
    tv.transforms = tr
    sys.modules.update({"torchvision": tv, "torchvision.transforms": tr, "torchvision.transforms.functional": fn})


def hash32(x):
    """lowbias32 integer hash (C# uses the same uint arithmetic): exact, no floating point involved."""
    x &= 0xFFFFFFFF
    x ^= x >> 16
    x = (x * 0x7FEB352D) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x846CA68B) & 0xFFFFFFFF
    x ^= x >> 16
    return x


def images(torch, n, size, phase):
    """INPUTS_RULE: iid uniform values on a 2^-23 grid in [-1, 1), exactly representable in float32."""
    count = n * 3 * size * size
    values = [(hash32((phase << 24) | (size << 16) | i) >> 8) / 8388608.0 - 1.0 for i in range(count)]
    return torch.tensor(values, dtype=torch.float32).view(n, 3, size, size)


def set_weights(torch, net):
    g = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, t in net.state_dict().items():  # tensors share storage with the module
            if name.endswith("num_batches_tracked"):
                t.zero_()
            elif name.endswith("_matrix"):
                t.copy_(torch.eye(t.shape[0]) + 0.1 * torch.randn(t.shape, generator=g))
            elif name.endswith("running_mean"):
                t.copy_(0.1 * torch.randn(t.shape, generator=g))
            elif name.endswith("running_var"):
                t.uniform_(0.5, 1.5, generator=g)
            elif ".bn." in name and name.endswith(".weight"):
                t.uniform_(0.5, 1.5, generator=g)
            elif name.endswith(".bias"):
                t.copy_(0.1 * torch.randn(t.shape, generator=g))
            elif name.endswith(".weight"):
                scale = CLASSIFIER_SCALE if name == "classifier.linear.weight" else 1.0
                t.copy_(torch.randn(t.shape, generator=g) * (scale * math.sqrt(1.0 / (t.numel() / t.shape[0]))))
            else:
                raise ValueError(name)
    return g


def warm_up(torch, net, g, set_running_statistics):
    """Realistic BN statistics for the max subnet, perturbed so that no layer sees exactly its input's statistics."""
    net.set_max_net()
    set_running_statistics(net, [(images(torch, WARMUP[1], WARMUP[2], WARMUP[0]), None)])
    with torch.no_grad():
        state = net.state_dict()
        for name, t in state.items():
            if name.endswith("running_mean"):  # shifts relative to the channel's spread: absolute ones blow up narrow channels
                std = state[name[:-len("running_mean")] + "running_var"].sqrt()
                t.add_(0.1 * std * torch.randn(t.shape, generator=g))
            elif name.endswith("running_var"):
                t.mul_(1 + 0.1 * torch.randn(t.shape, generator=g))


def main(ref_root, out_dir):
    sys.path.insert(0, ref_root)
    stub_torchvision()
    import copy
    import random
    import torch
    from ofa.imagenet_classification.elastic_nn.networks.ofa_mbv3 import OFAMobileNetV3
    from ofa.imagenet_classification.elastic_nn.utils import set_running_statistics

    torch.set_num_threads(1)
    net = OFAMobileNetV3(**NETWORK)
    g = set_weights(torch, net)
    warm_up(torch, net, g, set_running_statistics)
    net.eval()
    os.makedirs(out_dir, exist_ok=True)
    torch.save({"state_dict": net.state_dict()}, os.path.join(out_dir, "ofa_mbv3_tiny.pth"))

    blocks = len(net.blocks) - 1
    rng = random.Random(SEED)
    subnets = [("max", [7] * blocks, [6] * blocks, [4] * 5), ("min", [3] * blocks, [3] * blocks, [2] * 5)]
    for i in range(3):
        subnets.append((f"random{i}", [rng.choice([3, 5, 7]) for _ in range(blocks)],
                        [rng.choice([3, 4, 6]) for _ in range(blocks)], [rng.choice([2, 3, 4]) for _ in range(5)]))

    # Each case is computed twice: in float32 (what a checkpoint runs at) and on a float64 copy of the network, so
    # that a float32 difference can be told apart from float32 rounding amplified by an ill-conditioned layer.
    net64 = copy.deepcopy(net).double()
    cases = []
    with torch.no_grad():
        for res in RESOLUTIONS:
            x = images(torch, BATCH, res, 0)
            for name, ks, e, d in subnets:
                logits = []
                for model, dtype in ((net, torch.float32), (net64, torch.float64)):
                    model.set_active_subnet(ks=ks, e=e, d=d)
                    logits.append(model(x.to(dtype)).tolist())
                cases.append(dict(name=name, ks=ks, e=e, d=d, resolution=res, recalibrated=False,
                                  logits=logits[0], logits64=logits[1]))
            for name, ks, e, d in subnets[:2]:
                logits = []
                for model, dtype in ((net, torch.float32), (net64, torch.float64)):
                    fresh = copy.deepcopy(model)
                    fresh.set_active_subnet(ks=ks, e=e, d=d)
                    loader = [(images(torch, size, res, phase).to(dtype), None) for phase, size in CALIBRATION]
                    set_running_statistics(fresh, loader)
                    fresh.eval()
                    logits.append(fresh(x.to(dtype)).tolist())
                cases.append(dict(name=name, ks=ks, e=e, d=d, resolution=res, recalibrated=True,
                                  logits=logits[0], logits64=logits[1]))

    expected = dict(
        reference=dict(repository="https://github.com/mit-han-lab/once-for-all", commit=REFERENCE_COMMIT,
                       torch=torch.__version__),
        checkpoint="ofa_mbv3_tiny.pth",
        network=dict(NETWORK, stem_stride=2, stage_strides=[2, 2, 2, 1, 2]),
        seed=SEED, weights_rule=WEIGHTS_RULE, inputs_rule=INPUTS_RULE, batch=BATCH, resolutions=RESOLUTIONS,
        calibration=[dict(phase=p, size=s) for p, s in CALIBRATION],
        warmup=dict(phase=WARMUP[0], size=WARMUP[1], resolution=WARMUP[2]),
        cases=cases)
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    for c in cases:
        gap = max(abs(a - b) for r32, r64 in zip(c["logits"], c["logits64"]) for a, b in zip(r32, r64))
        print("%s@%d%s: max |logit| %.3f, float32 vs float64 %.3e" % (
            c["name"], c["resolution"], "+recal" if c["recalibrated"] else "",
            max(abs(v) for row in c["logits"] for v in row), gap))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
