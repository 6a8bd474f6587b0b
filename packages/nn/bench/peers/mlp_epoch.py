"""The book MLP's full-batch training epoch (book loss: softmax applied twice; plain gradient descent),
in numpy or PyTorch, from the weights and data in the task file; validation accuracy every 10 epochs as
the book (and typeflow's measurement) does.
    mlp_epoch.py numpy|torch TASK.npz THREADS
Prints one JSON line: msPerEpoch over the timed epochs, and the accuracies after them."""
import sys

import numpy as np

from common import emit, load_task, now, parameters, pixels

library, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
task = load_task(path)
x = pixels(task["train_images"])
y = np.eye(int(task["classes"]), dtype=np.float32)[task["train_labels"]]
vx = pixels(task["valid_images"])
lr = float(task["lr"])
warmup, epochs, eval_every = int(task["warmup"]), int(task["epochs"]), int(task["eval_every"])


def softmax(z):
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


if library == "numpy":
    W1, b1, W2, b2, W3, b3 = parameters(task)
    n = np.float32(x.shape[0])

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def forward(inputs):
        h1 = sigmoid(inputs @ W1 + b1)
        h2 = sigmoid(h1 @ W2 + b2)
        return h1, h2, h2 @ W3 + b3

    def epoch():
        h1, h2, z = forward(x)
        p = softmax(z)
        q = softmax(p)  # the book's second softmax
        dp = (q - y) / n
        dz = p * (dp - (dp * p).sum(1, keepdims=True))
        dW3, db3 = h2.T @ dz, dz.sum(0)
        d2 = (dz @ W3.T) * h2 * (1 - h2)
        dW2, db2 = h1.T @ d2, d2.sum(0)
        d1 = (d2 @ W2.T) * h1 * (1 - h1)
        dW1, db1 = x.T @ d1, d1.sum(0)
        for param, grad in zip((W1, b1, W2, b2, W3, b3), (dW1, db1, dW2, db2, dW3, db3)):
            param -= np.float32(lr) * grad
        return z

    def predict(inputs):
        return forward(inputs)[2].argmax(1)

else:
    import torch

    torch.set_num_threads(threads)
    params = [torch.tensor(p, requires_grad=True) for p in parameters(task)]
    tx, ty, tvx = torch.tensor(x), torch.tensor(y), torch.tensor(vx)

    def model(inputs):
        W1, b1, W2, b2, W3, b3 = params
        h1 = torch.sigmoid(inputs @ W1 + b1)
        h2 = torch.sigmoid(h1 @ W2 + b2)
        return h2 @ W3 + b3

    def epoch():
        z = model(tx)
        p = torch.softmax(z, 1)
        loss = -(ty * torch.log_softmax(p, 1)).sum(1).mean()
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for param, grad in zip(params, grads):
                param -= lr * grad
        return z.detach()

    def predict(inputs):
        with torch.no_grad():
            return model(inputs).argmax(1)

    x, vx = tx, tvx

train_correct = valid_acc = None
marks = []
for e in range(1, warmup + epochs + 1):
    if e == warmup + 1:
        marks.append(now())
    z = epoch()
    if (e - 1) % eval_every == 0:
        train_correct = int((z.argmax(1) == (task["train_labels"] if library == "numpy" else torch.tensor(task["train_labels"]))).sum())
        valid_acc = float((np.asarray(predict(vx)) == task["valid_labels"]).mean())
marks.append(now())
emit({
    "library": library,
    "threads": threads,
    "msPerEpoch": (marks[1] - marks[0]) * 1000 / epochs,
    "epochs": epochs,
    "trainAcc": train_correct / len(task["train_labels"]),
    "validAcc": valid_acc,
})
