"""Shared by the bench's Python peers: the task file typeflow wrote, timing, and the one JSON line.

Each peer trains the same model from the same initial weights on the same examples in the same
minibatch order as typeflow's measurement (all read from the task's .npz), so only the time differs.
Run by packages/nn/bench/peers.ts with /usr/bin/python3; never by the tests.
"""
import json
import sys
import time

import numpy as np


def load_task(path):
    with np.load(path) as task:
        return {name: task[name] for name in task.files}


def parameters(task):
    """The initial weights p0, p1, ... in the model's parameter order, as float32 arrays."""
    count = int(task["parameter_count"])
    return [task[f"p{i}"].astype(np.float32) for i in range(count)]


def pixels(images):
    """uint8 ink 0..255 as float32 0..1, rounded as typeflow's normalize (x / 255 in float64)."""
    return (images.astype(np.float64) / 255).astype(np.float32)


def now():
    return time.perf_counter()


def emit(result):
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


class Adam:
    """Adam in typeflow's order of float32 operations (packages/nn/src/optimizers/adam.ts):
    m = m b1 + g (1 - b1); v = v b2 + g^2 (1 - b2); p -= (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) lr.
    `xp` is numpy or torch; the arrays are updated in place."""

    def __init__(self, params, xp, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.xp = xp
        self.m = [xp.zeros_like(p) for p in params]
        self.v = [xp.zeros_like(p) for p in params]
        self.b1, self.b2, self.eps = beta1, beta2, epsilon
        self.t = 0

    def step(self, params, grads, lr):
        self.t += 1
        f = np.float32
        b1, b2 = f(self.b1), f(self.b2)
        c1, c2 = f(1 - self.b1), f(1 - self.b2)
        k1, k2 = f(1 - self.b1**self.t), f(1 - self.b2**self.t)
        eps, rate = f(self.eps), f(lr)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= float(b1)
            m += g * float(c1)
            v *= float(b2)
            v += (g * g) * float(c2)
            update = (m / float(k1)) / (self.xp.sqrt(v / float(k2)) + float(eps)) * float(rate)
            p -= update
