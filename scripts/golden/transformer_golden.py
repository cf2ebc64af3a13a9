#!/usr/bin/python3
"""Golden fixture for the training engine: a tiny modular-addition transformer in PyTorch.

Run with Debian's torch:  /usr/bin/python3 scripts/golden/transformer_golden.py
Writes test/fixtures/golden/transformer-v1.json, which test/unit/train/golden.test.ts compares the engine
against (the fixture is committed; the tests need no PyTorch).

The model follows Nanda et al.'s transformers.py with the parameter names/shapes of src/lib/train/models/transformer.ts
(W_E [d_vocab, d_model], W_Q/W_K/W_V [n_heads, d_head, d_model], W_O [d_model, n_heads*d_head],
W_in [d_mlp, d_model], W_out [d_model, d_mlp], W_U [d_model, d_vocab]): no LayerNorm, causal attention
scaled by 1/sqrt(d_head), loss = cross-entropy at the final position over all d_vocab classes.
Initial weights are drawn in float32 (randn / sqrt(d_model), W_U randn / sqrt(d_vocab), biases 0:
the biases are set to small random values instead so their gradients are exercised too), then every
computation runs in float64 so the fixture is an accurate reference. Optimizer: torch.optim.AdamW
with LambdaLR(min(step / warmup, 1)) stepped after each update, exactly as the paper's training loop.
"""
import json
import math
import os
import sys

import torch

VERSION = 1
P = 11
CFG = dict(p=P, d_vocab=P + 1, d_model=16, n_heads=2, d_head=8, d_mlp=32, n_ctx=3)
OPTIM = dict(lr=1e-2, weightDecay=1.0, beta1=0.9, beta2=0.98, eps=1e-8, warmupSteps=5)
TRAIN_FRAC = 0.6
STEPS = 10
SEED = 0


def init_weights(g):
    d, V, H, dh, m, T = CFG["d_model"], CFG["d_vocab"], CFG["n_heads"], CFG["d_head"], CFG["d_mlp"], CFG["n_ctx"]
    r = lambda *s: torch.randn(*s, generator=g, dtype=torch.float32)
    w = {
        "W_E": r(V, d) / math.sqrt(d),
        "W_pos": r(T, d) / math.sqrt(d),
        "W_Q": r(H, dh, d) / math.sqrt(d),
        "W_K": r(H, dh, d) / math.sqrt(d),
        "W_V": r(H, dh, d) / math.sqrt(d),
        "W_O": r(d, H * dh) / math.sqrt(d),
        "W_in": r(m, d) / math.sqrt(d),
        "b_in": r(m) * 0.1,
        "W_out": r(d, m) / math.sqrt(d),
        "b_out": r(d) * 0.1,
        "W_U": r(d, V) / math.sqrt(V),
    }
    return w


def forward(w, tokens):
    """tokens [B, 3] -> (final logits [B, V], attn [B, H, T], mlp_post [B, d_mlp], resid [B, d_model])."""
    H, dh = CFG["n_heads"], CFG["d_head"]
    x = w["W_E"][tokens] + w["W_pos"][: tokens.shape[1]]  # [B, T, d]
    q = torch.einsum("ihd,bpd->biph", w["W_Q"], x)
    k = torch.einsum("ihd,bpd->biph", w["W_K"], x)
    v = torch.einsum("ihd,bpd->biph", w["W_V"], x)
    scores = torch.einsum("biph,biqh->biqp", k, q) / math.sqrt(dh)
    T = tokens.shape[1]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    scores = scores.masked_fill(~mask, float("-inf"))
    attn = torch.softmax(scores, dim=-1)  # [B, H, q, p]
    z = torch.einsum("biph,biqp->biqh", v, attn)  # [B, H, q, dh]
    z_flat = z.permute(0, 2, 1, 3).reshape(z.shape[0], T, H * dh)  # head-major concat
    x = x + torch.einsum("df,bqf->bqd", w["W_O"], z_flat)
    pre = torch.einsum("md,bpd->bpm", w["W_in"], x) + w["b_in"]
    post = torch.relu(pre)
    x = x + torch.einsum("dm,bpm->bpd", w["W_out"], post) + w["b_out"]
    logits = x @ w["W_U"]
    return logits[:, -1], attn[:, :, -1, :], post[:, -1], x[:, -1]


def loss_fn(logits, labels):
    return torch.nn.functional.cross_entropy(logits, labels)


def main():
    g = torch.Generator().manual_seed(SEED)
    w32 = init_weights(g)
    pairs = torch.randperm(P * P, generator=g)[: round(TRAIN_FRAC * P * P)]
    a, b = pairs // P, pairs % P
    tokens = torch.stack([a, b, torch.full_like(a, P)], dim=1)
    labels = (a + b) % P

    w = {k: v.double().clone().requires_grad_(True) for k, v in w32.items()}
    logits, attn, post, resid = forward(w, tokens)
    loss = loss_fn(logits, labels)
    loss.backward()
    grads = {k: v.grad.detach().clone() for k, v in w.items()}

    params = [w[k] for k in w]
    for p_ in params:
        p_.grad = None
    opt = torch.optim.AdamW(params, lr=OPTIM["lr"], betas=(OPTIM["beta1"], OPTIM["beta2"]), eps=OPTIM["eps"],
                            weight_decay=OPTIM["weightDecay"])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(s / OPTIM["warmupSteps"], 1))
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        l = loss_fn(forward(w, tokens)[0], labels)
        l.backward()
        opt.step()
        sched.step()
        losses.append(l.item())

    # 9 significant digits: round-trips the float32 weights exactly, far below the test tolerances.
    flat = lambda t: [float(f"{x:.9g}") for x in t.detach().reshape(-1).tolist()]
    rec = lambda t: {"shape": list(t.shape), "data": flat(t)}
    fixture = {
        "version": VERSION,
        "generator": "scripts/golden/transformer_golden.py",
        "torch": torch.__version__,
        "precision": "weights drawn in float32; all computation in float64",
        "config": CFG,
        "optim": OPTIM,
        "trainPairs": [int(x) for x in pairs.tolist()],
        "weights": {k: rec(v) for k, v in w32.items()},
        "logits": rec(logits),
        "attn": rec(attn),
        "mlpPost": rec(post),
        "resid": rec(resid),
        "loss": loss.item(),
        "grads": {k: rec(v) for k, v in grads.items()},
        "losses": losses,
        "weightsAfter": {k: rec(v) for k, v in w.items()},
    }
    out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "golden", f"transformer-v{VERSION}.json")
    with open(out, "w") as f:
        json.dump(fixture, f)
    print(f"wrote {os.path.normpath(out)}: loss {loss.item():.6f}, losses {losses[0]:.6f} -> {losses[-1]:.6f}", file=sys.stderr)


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
