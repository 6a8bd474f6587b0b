"""Time to validation accuracies with typeflow's recipe for a model (the CLI's default `train`, or
cnn2's), in numpy (MLP only) or PyTorch: the same initial weights, training examples (with their
shifted copies), minibatch order, per-epoch learning rates, Adam, softmax cross-entropy on the logits,
Dropout masks (cnn2) and evaluation epochs as typeflow's run, all read from the task file.
    recipe.py numpy|torch TASK.npz THREADS
Prints one JSON line: the seconds and epoch at which each threshold was first reached, and the curve."""
import sys

import numpy as np

from common import Adam, emit, load_task, now, parameters, pixels

library, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
task = load_task(path)
model = str(task["model"][0])
classes = int(task["classes"])
labels = task["train_labels"].astype(np.int64)
valid_labels = task["valid_labels"].astype(np.int64)
order, rates = task["order"], task["lr"]
batch_size = int(task["batch_size"])
eval_epochs = set(int(e) for e in task["eval_epochs"])
thresholds = [float(t) for t in task["thresholds"]]
masks = task.get("dropout_masks")
x = pixels(task["train_images"])
vx = pixels(task["valid_images"])
eye = np.eye(classes, dtype=np.float32)

if library == "numpy":
    if model != "mlp":
        raise SystemExit("numpy peer: only the MLP")
    params = parameters(task)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def forward(inputs):
        W1, b1, W2, b2, W3, b3 = params
        h1 = sigmoid(inputs @ W1 + b1)
        h2 = sigmoid(h1 @ W2 + b2)
        return h1, h2, h2 @ W3 + b3

    def gradients(rows, step):
        W1, b1, W2, b2, W3, b3 = params
        xb = x[rows]
        h1, h2, z = forward(xb)
        e = np.exp(z - z.max(1, keepdims=True))
        p = e / e.sum(1, keepdims=True)
        dz = (p - eye[labels[rows]]) / np.float32(len(rows))
        d2 = (dz @ W3.T) * (h2 - h2 * h2)
        d1 = (d2 @ W2.T) * (h1 - h1 * h1)
        return [xb.T @ d1, d1.sum(0), h1.T @ d2, d2.sum(0), h2.T @ dz, dz.sum(0)]

    def predict(inputs):
        return forward(inputs)[2].argmax(1)

    optimizer = Adam(params, np)
else:
    import torch

    torch.set_num_threads(threads)
    params = [torch.tensor(p, requires_grad=True) for p in parameters(task)]
    x, vx = torch.tensor(x), torch.tensor(vx)
    t_labels = torch.tensor(labels)
    if masks is not None:
        masks = torch.tensor(masks.astype(np.float32) * 2)  # kept / keepProbability 0.5

    if model == "mlp":

        def net(inputs, step_rows=None):
            W1, b1, W2, b2, W3, b3 = params
            h = torch.sigmoid(inputs @ W1 + b1)
            h = torch.sigmoid(h @ W2 + b2)
            return h @ W3 + b3

    elif model == "cnn2":
        import torch.nn.functional as F

        def net(inputs, mask=None):
            # typeflow's layout: images NHWC, conv kernels [kh, kw, in, out], flatten in NHWC order.
            k1, c1, k2, c2, W3, b3, W4, b4 = params
            h = inputs.view(-1, 1, 36, 36)
            h = F.max_pool2d(F.relu(F.conv2d(h, k1.permute(3, 2, 0, 1), c1, padding=1)), 2)
            h = F.max_pool2d(F.relu(F.conv2d(h, k2.permute(3, 2, 0, 1), c2, padding=1)), 2)
            h = h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)
            h = F.relu(h @ W3 + b3)
            if mask is not None:
                h = h * mask
            return h @ W4 + b4

    else:
        raise SystemExit(f"torch peer: no model {model}")

    def gradients(rows, step_mask):
        rows = torch.from_numpy(rows.astype(np.int64))
        z = net(x[rows], step_mask)
        loss = torch.nn.functional.cross_entropy(z, t_labels[rows])
        return [g for g in torch.autograd.grad(loss, params)]

    def predict(inputs):
        with torch.no_grad():
            return torch.cat([net(inputs[i : i + 1024]).argmax(1) for i in range(0, inputs.shape[0], 1024)])

    optimizer = Adam([p.data for p in params], torch)

reached = {str(t): None for t in thresholds}
curve = []
started = now()
mask_row = 0
for epoch in range(1, len(rates) + 1):
    permutation = order[epoch - 1]
    for start in range(0, len(permutation), batch_size):
        rows = permutation[start : start + batch_size]
        mask = None
        if masks is not None:
            mask = masks[mask_row : mask_row + len(rows)]
            mask_row += len(rows)
        grads = gradients(rows, mask)
        if library == "numpy":
            optimizer.step(params, grads, rates[epoch - 1])
        else:
            optimizer.step([p.data for p in params], grads, rates[epoch - 1])
    if epoch in eval_epochs:
        valid_acc = float((np.asarray(predict(vx)) == valid_labels).mean())
        seconds = now() - started
        curve.append({"epoch": epoch, "seconds": seconds, "validAcc": valid_acc})
        for t in thresholds:
            if reached[str(t)] is None and valid_acc >= t:
                reached[str(t)] = {"seconds": seconds, "epoch": epoch}
emit({"library": library, "threads": threads, "model": model, "reached": reached, "curve": curve, "seconds": now() - started})
