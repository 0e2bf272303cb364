#!/usr/bin/env python3
"""The OFA reference's supernet training step, timed as `ofaexp bench train` times OfaExp's.

Builds mit-han-lab/once-for-all's OFAMobileNetV3 (width 1.0, 10 classes, kernels [3,5,7], expands [3,4,6],
depths [2,3,4], BN momentum 0.1 / eps 1e-5, dropout 0.1: the network `bench train` builds) and times, in turn per
step, the step of `bench train` (set the subnet, zero_grad, forward, label-smoothed cross entropy 0.1, backward, SGD
step with Nesterov momentum 0.9, weight decay 3e-5 except BN and biases) on a seeded random batch 64 x 3 x 32 x 32:
the max subnet, a seeded random subnet (sample_active_subnet), and the min subnet, each on its own network copy.
Prints the median ms per step of each.

  git -C <once-for-all clone> checkout f03b2673db313b9167e2a1c2b7a5cad540cc1313
  /usr/bin/python3 -B tools/bench-train/ofa_reference_step.py <once-for-all clone> [--steps 20] [--warmup 3] [--threads 2] [--channels-last]

Debian's python3-torch (1.13) is enough: torchvision, which ofa.utils imports for its data loaders, is stubbed.
"""

import argparse
import copy
import random
import statistics
import sys
import time
import types


def stub_torchvision():
    tv = types.ModuleType("torchvision")
    tr = types.ModuleType("torchvision.transforms")
    fn = types.ModuleType("torchvision.transforms.functional")
    tr.RandomResizedCrop = object
    tr.functional = fn
    tv.transforms = tr
    sys.modules.update({"torchvision": tv, "torchvision.transforms": tr, "torchvision.transforms.functional": fn})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reference")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--resolution", type=int, default=32)
    parser.add_argument("--channels-last", action="store_true",
                        help="lay the batch out channels-last (NHWC), as ofaexp's device.memory_format: channels_last does; "
                             "the reference itself trains in NCHW")
    args = parser.parse_args()

    import torch
    import torch.nn.functional as F

    if "torchvision" not in sys.modules:
        try:
            import torchvision  # noqa: F401
        except ImportError:
            stub_torchvision()
    sys.path.insert(0, args.reference)
    from ofa.imagenet_classification.elastic_nn.networks import OFAMobileNetV3

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    random.seed(1)
    base = OFAMobileNetV3(n_classes=10, bn_param=(0.1, 1e-5), dropout_rate=0.1, width_mult=1.0,
                          ks_list=[3, 5, 7], expand_ratio_list=[3, 4, 6], depth_list=[2, 3, 4])
    nets = {"max": base, "random": copy.deepcopy(base), "min": copy.deepcopy(base)}
    images = torch.randn(args.batch, 3, args.resolution, args.resolution)
    if args.channels_last:
        images = images.contiguous(memory_format=torch.channels_last)
    labels = torch.randint(10, (args.batch,))

    def optimizer(net):
        decay = [p for n, p in net.named_parameters() if p.dim() > 1]
        no_decay = [p for n, p in net.named_parameters() if p.dim() <= 1]
        return torch.optim.SGD([{"params": decay, "weight_decay": 3e-5}, {"params": no_decay, "weight_decay": 0}],
                               lr=0.01, momentum=0.9, nesterov=True)

    optimizers = {k: optimizer(v) for k, v in nets.items()}
    setters = {
        "max": lambda n: n.set_max_net(),
        "random": lambda n: n.sample_active_subnet(),
        "min": lambda n: n.set_active_subnet(ks=3, e=3, d=2),
    }
    times = {k: [] for k in nets}
    for net in nets.values():
        net.train()
    for step in range(args.warmup + args.steps):
        for name, net in nets.items():
            start = time.perf_counter()
            setters[name](net)
            optimizers[name].zero_grad()
            loss = F.cross_entropy(net(images), labels, label_smoothing=0.1)
            loss.backward()
            optimizers[name].step()
            if step >= args.warmup:
                times[name].append((time.perf_counter() - start) * 1000)

    layout = "channels_last" if args.channels_last else "contiguous"
    print(f"OFA reference (torch {torch.__version__}), w1.0, batch {args.batch}, 3x{args.resolution}x{args.resolution}, {layout}, "
          f"{args.threads} threads, median of {args.steps} steps:")
    for name in nets:
        print(f"  {name + ' subnet':<28}{statistics.median(times[name]):8.1f} ms/step")


if __name__ == "__main__":
    main()
