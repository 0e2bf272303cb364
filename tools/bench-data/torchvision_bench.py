#!/usr/bin/env python3
"""torchvision's reference loader on an image_folder root, for `ofaexp bench data` to be compared with.

ImageFolder(ROOT/train) + DataLoader with the transforms OFA trains and evaluates ImageNet with:
  train: RandomResizedCrop(R, scale=(0.08, 1)), RandomHorizontalFlip, ToTensor, Normalize (ImageNet mean/std)
  eval:  Resize(ceil(R / 0.875)), CenterCrop(R), ToTensor, Normalize
num_workers = --threads decode processes (Pillow), batch --batch, the clock started before the loader's first
batch is asked for (worker start-up included, as ofaexp's pipeline start-up is) and stopped after the last one.

How to run (Debian: apt-get install python3-torchvision), usually through tools/bench-data/compare.sh:
  /usr/bin/python3 -B tools/bench-data/torchvision_bench.py ROOT --resolution 224 --threads 2 --batch 64
"""

import argparse
import math
import os
import time

import torch
import torchvision.datasets as datasets
import torchvision.transforms as transforms

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def rate(dataset, threads, batch):
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch, shuffle=True, num_workers=threads, drop_last=False)
    start = time.perf_counter()
    count = 0
    for images, _ in loader:
        count += images.shape[0]
    return count / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--resolution", type=int, default=224)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    train_dir = os.path.join(args.root, "train")
    normalize = transforms.Normalize(mean=MEAN, std=STD)
    train = datasets.ImageFolder(train_dir, transforms.Compose([
        transforms.RandomResizedCrop(args.resolution, scale=(0.08, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        normalize,
    ]))
    evaluation = datasets.ImageFolder(train_dir, transforms.Compose([
        transforms.Resize(int(math.ceil(args.resolution / 0.875))),
        transforms.CenterCrop(args.resolution),
        transforms.ToTensor(),
        normalize,
    ]))
    train_rate = rate(train, args.threads, args.batch)
    eval_rate = rate(evaluation, args.threads, args.batch)
    print(f"torchvision {torch.__version__}: {len(train)} images, {args.threads} workers, resolution {args.resolution}:")
    print(f"  train (random-resized crop, flip)  {train_rate:8.0f} images/s")
    print(f"  eval (resize, centre crop)         {eval_rate:8.0f} images/s")


if __name__ == "__main__":
    main()
