#!/usr/bin/env python3
"""Reference logits of OfaExp's PyTorch exports (tests/OfaExp.Nn.Tests/PyTorchExportTests.cs).

What it does
  Loads every *.pt file in FIXTURE_DIR, written by `ofaexp export --format pytorch` (here: by the test, from subnets of
  the imported reference supernet tests/OfaExp.Nn.Tests/Fixtures/ofa-reference/ofa_mbv3_tiny.pth), into the
  reference code's static network the way a user of mit-han-lab/once-for-all would:

      ckpt = torch.load(path)
      net = MobileNetV3.build_from_config(ckpt["config"]); net.load_state_dict(ckpt["state_dict"])

  (ofa/imagenet_classification/networks/mobilenet_v3.py; load_state_dict is strict, so every key and shape must
  match), puts it in eval mode and writes FIXTURE_DIR/expected.json with its logits for a fixed batch of BATCH
  images at the export's resolution, made by make_fixture.py's INPUTS_RULE (phase 0), which the C# test recomputes.

How to run (Debian: apt-get install python3-torch; torchvision is not needed)
  git clone https://github.com/mit-han-lab/once-for-all /tmp/ofa-ref && git -C /tmp/ofa-ref checkout REFERENCE_COMMIT
  OFAEXP_WRITE_EXPORT_FIXTURE=$PWD/tests/OfaExp.Nn.Tests/Fixtures/export-reference \\
    dotnet test tests/OfaExp.Nn.Tests -c Release --filter FullyQualifiedName~PyTorchExportTests.The_exporter_writes
  /usr/bin/python3 -B tools/export-reference/check_pytorch_export.py /tmp/ofa-ref tests/OfaExp.Nn.Tests/Fixtures/export-reference
  rm tests/OfaExp.Nn.Tests/Fixtures/export-reference/*.pt   # expected.json keeps their SHA-256; only it is committed

Reference commit f03b2673db313b9167e2a1c2b7a5cad540cc1313 (as make_fixture.py), run with Debian's python3-torch
1.13.1+dfsg-4 on CPU.
"""

import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "import-reference"))
from make_fixture import REFERENCE_COMMIT, images, stub_torchvision  # noqa: E402  the same inputs and torchvision stand-in

BATCH = 4


def main(reference, fixture_dir):
    sys.path.insert(0, reference)
    stub_torchvision()
    import torch
    from ofa.imagenet_classification.networks.mobilenet_v3 import MobileNetV3

    torch.set_num_threads(1)
    cases = []
    for name in sorted(f for f in os.listdir(fixture_dir) if f.endswith(".pt")):
        # What a user writes: the file holds only dicts, lists, strings, numbers and tensors.
        ckpt = torch.load(os.path.join(fixture_dir, name), map_location="cpu")
        net = MobileNetV3.build_from_config(ckpt["config"])
        net.load_state_dict(ckpt["state_dict"])
        net.eval()
        with torch.no_grad():
            logits = net(images(torch, BATCH, ckpt["resolution"], 0))
        cases.append({
            "file": name,
            "subnet": ckpt["subnet"],
            "resolution": ckpt["resolution"],
            # The exports themselves are not committed (model weights stay out of git): the test checks their digest.
            "sha256": hashlib.sha256(open(os.path.join(fixture_dir, name), "rb").read()).hexdigest(),
            "logits": [[float(v) for v in row] for row in logits.double().tolist()],
        })

    # The order of the C# test's Cases list, which it checks.
    order = ["max_r40.pt", "min_r32.pt", "mixed_r32.pt"]
    cases.sort(key=lambda c: order.index(c["file"]) if c["file"] in order else len(order))
    with open(os.path.join(fixture_dir, "expected.json"), "w") as f:
        json.dump({
            "reference_commit": REFERENCE_COMMIT,
            "torch": torch.__version__,
            "batch": BATCH,
            "inputs": "make_fixture.py INPUTS_RULE, phase 0, n = batch, size = resolution",
            "cases": cases,
        }, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
