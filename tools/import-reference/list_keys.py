#!/usr/bin/env python3
"""Every key and shape of the reference OFAMobileNetV3 as OFA released it (tests/OfaExp.Nn.Tests/ReferenceLayoutTests.cs).

What it does
  Builds mit-han-lab/once-for-all's OFAMobileNetV3 (ofa/imagenet_classification/elastic_nn/networks/ofa_mbv3.py)
  with the settings of the released supernets (ofa_mbv3_d234_e346_k357_w1.0 and _w1.2: n_classes 1000,
  bn_param (0.1, 1e-5), dropout 0.1, ks_list [3, 5, 7], expand_ratio_list [3, 4, 6], depth_list [2, 3, 4]) at
  width_mult 1.0 and 1.2, and writes one JSON file per width: {"state_dict key": [shape...], ...} in state_dict order.
  The released files themselves cannot be committed (30 MB each); OfaExp's importer must expect exactly this layout.

How to run (Debian: apt-get install python3-torch)
  /usr/bin/python3 -B tools/import-reference/list_keys.py REFERENCE_CHECKOUT tests/OfaExp.Nn.Tests/Fixtures/ofa-reference
  Reference commit f03b2673db313b9167e2a1c2b7a5cad540cc1313, the one make_fixture.py uses.
"""

import json
import math
import os
import sys

from make_fixture import stub_torchvision  # the same stand-in for the torchvision the network code never uses


def main(reference, out):
    sys.path.insert(0, reference)
    stub_torchvision()
    from ofa.imagenet_classification.elastic_nn.networks.ofa_mbv3 import OFAMobileNetV3

    for width in (1.0, 1.2):
        net = OFAMobileNetV3(n_classes=1000, bn_param=(0.1, 1e-5), dropout_rate=0.1, width_mult=width,
                             ks_list=[3, 5, 7], expand_ratio_list=[3, 4, 6], depth_list=[2, 3, 4])
        keys = {k: list(v.shape) for k, v in net.state_dict().items()}
        path = os.path.join(out, f"ofa_mbv3_d234_e346_k357_w{width}.keys.json")
        lines = [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in keys.items()]
        with open(path, "w", encoding="utf-8") as f:
            f.write("{\n" + ",\n".join(lines) + "\n}\n")
        print(f"{path}: {len(keys)} tensors, {sum(math.prod(s) for s in keys.values())} values")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
