#!/usr/bin/python3
"""PyTorch peer for the modular-addition grokking runs (Nanda et al. 2023 setup).

Builds exactly the essay's transformer (src/lib/train/models/transformer.ts) (one layer, no LayerNorm, learned positions,
causal attention scaled by sqrt(d_head), ReLU MLP with biases, untied W_E / W_U) and trains it
full-batch with AdamW(betas 0.9, 0.98) and a 10-step linear warm-up.

Only the final position feeds the loss, and with one layer the other positions' outputs never
reach it, so the forward pass computes queries / MLP / unembedding at the final position only:
the same function and gradients as the full 3-position model, about 3x less work.

Modes:
  train  --p P --frac F --seed S --steps N [--lr --wd --d-mlp ...] --log-every K --out f.jsonl
         [--d-vocab-out P] [--early-until N --early-every K] [--measures]
         --measures also logs the progress measures (scripts/peer/measures.py): the run keeps the
         all-pairs logits of every logged step, finds the key frequencies of the final model and
         then writes restricted and excluded loss for every logged step, as our trainer does.
  time   --p 113 --frac 0.3 --steps 20      median seconds per full-batch step + torch/BLAS config
Run with /usr/bin/python3 (Debian python3-torch 1.13 + libopenblas0-pthread).
"""
import argparse
import json
import math
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import measures


def init_params(p, d_model, n_heads, d_head, d_mlp, n_ctx, gen, d_vocab_out=None):
    d_vocab = p + 1
    d_out = d_vocab_out or d_vocab  # p: the unembedding maps to the p answers only

    def rn(*shape, scale):
        return (torch.randn(*shape, generator=gen) / math.sqrt(scale)).requires_grad_()

    # Names/shapes follow Nanda's transformers.py, as src/lib/train/models/transformer.ts does.
    return {
        "W_E": rn(d_vocab, d_model, scale=d_model),
        "W_pos": rn(n_ctx, d_model, scale=d_model),
        "W_Q": rn(n_heads, d_head, d_model, scale=d_model),
        "W_K": rn(n_heads, d_head, d_model, scale=d_model),
        "W_V": rn(n_heads, d_head, d_model, scale=d_model),
        "W_O": rn(d_model, n_heads * d_head, scale=d_model),
        "W_in": rn(d_mlp, d_model, scale=d_model),
        "b_in": torch.zeros(d_mlp, requires_grad=True),
        "W_out": rn(d_model, d_mlp, scale=d_model),
        "b_out": torch.zeros(d_model, requires_grad=True),
        "W_U": rn(d_model, d_out, scale=d_vocab),
    }


def forward(P, tokens, with_post=False):
    """tokens [B, 3] int64 -> logits [B, d_out] at the final position (and the MLP's ReLU outputs)."""
    n_heads, d_head, _ = P["W_Q"].shape
    x0 = P["W_E"][tokens] + P["W_pos"][: tokens.shape[1]]          # [B, n_ctx, d_model]
    q = torch.einsum("hed,bd->bhe", P["W_Q"], x0[:, -1])            # final query [B, H, dh]
    k = torch.einsum("hed,bpd->bhpe", P["W_K"], x0)                 # [B, H, n_ctx, dh]
    v = torch.einsum("hed,bpd->bhpe", P["W_V"], x0)
    # Causal mask is a no-op for the final query: it sees every position.
    scores = torch.einsum("bhe,bhpe->bhp", q, k) / math.sqrt(d_head)
    attn = scores.softmax(dim=-1)
    z = torch.einsum("bhp,bhpe->bhe", attn, v).reshape(tokens.shape[0], n_heads * d_head)
    x1 = x0[:, -1] + z @ P["W_O"].T
    post = F.relu(x1 @ P["W_in"].T + P["b_in"])
    x2 = x1 + post @ P["W_out"].T + P["b_out"]
    return (x2 @ P["W_U"], post) if with_post else x2 @ P["W_U"]


def forward_full(P, tokens):
    """Reference: the literal 3-position model (causal mask, MLP/unembed everywhere).
    Returns logits at the final position; used to check forward() and to time the full cost."""
    n_heads, d_head, _ = P["W_Q"].shape
    n = tokens.shape[1]
    x0 = P["W_E"][tokens] + P["W_pos"][:n]
    q = torch.einsum("hed,bpd->bhpe", P["W_Q"], x0)
    k = torch.einsum("hed,bpd->bhpe", P["W_K"], x0)
    v = torch.einsum("hed,bpd->bhpe", P["W_V"], x0)
    scores = torch.einsum("bhqe,bhke->bhqk", q, k) / math.sqrt(d_head)
    mask = torch.tril(torch.ones(n, n, dtype=torch.bool))
    scores = scores.masked_fill(~mask, float("-inf"))
    z = torch.einsum("bhqk,bhke->bqhe", scores.softmax(-1), v).reshape(*tokens.shape, -1)
    x1 = x0 + z @ P["W_O"].T
    x2 = x1 + F.relu(x1 @ P["W_in"].T + P["b_in"]) @ P["W_out"].T + P["b_out"]
    return (x2 @ P["W_U"])[:, -1]


def make_data(p, frac, seed):
    a = torch.arange(p).repeat_interleave(p)
    b = torch.arange(p).repeat(p)
    tokens = torch.stack([a, b, torch.full_like(a, p)], dim=1)
    labels = (a + b) % p
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(p * p, generator=g)
    n_train = int(frac * p * p)  # as Nanda's helpers: int(frac * len(pairs))
    tr, te = perm[:n_train], perm[n_train:]
    return tokens[tr], labels[tr], tokens[te], labels[te]


def build(args):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    d_head = args.d_model // args.n_heads
    P = init_params(args.p, args.d_model, args.n_heads, d_head, args.d_mlp, 3, gen, args.d_vocab_out)
    opt = torch.optim.AdamW(list(P.values()), lr=args.lr, weight_decay=args.wd,
                            betas=(0.9, 0.98), eps=1e-8)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(s / 10, 1.0))
    return P, opt, sched


def train_step(P, opt, sched, xtr, ytr, fwd=None):
    loss = F.cross_entropy((fwd or forward)(P, xtr), ytr)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    sched.step()
    return loss


@torch.no_grad()
def evaluate(P, x, y):
    logits = forward(P, x)
    return F.cross_entropy(logits, y).item(), (logits.argmax(-1) == y).float().mean().item()


def is_log_step(args, step):
    early = args.early_until and step <= args.early_until and step % args.early_every == 0
    return early or step % args.log_every == 0 or step == args.steps


def cmd_train(args):
    if args.measures and not args.out:
        sys.exit("--measures needs --out FILE (the progress measures are written when the run ends)")
    xtr, ytr, xte, yte = make_data(args.p, args.frac, args.seed)
    P, opt, sched = build(args)
    out = open(args.out, "w") if args.out else sys.stdout
    t0 = time.time()
    norms = {}  # step -> weight norm, for the optional early stop
    grok_step = None
    records, cached = [], []  # --measures: every logged row and its all-pairs logits
    p = args.p
    all_tokens = torch.stack([torch.arange(p).repeat_interleave(p), torch.arange(p).repeat(p),
                              torch.full((p * p,), p)], dim=1)
    for step in range(args.steps + 1):
        if is_log_step(args, step):
            trl, tra = evaluate(P, xtr, ytr)
            tel, tea = evaluate(P, xte, yte)
            wn = sum((w.detach() ** 2).sum().item() for w in P.values())
            norms[step] = wn
            rec = {"step": step, "trainLoss": trl, "testLoss": tel, "trainAcc": tra,
                   "testAcc": tea, "weightNorm": wn, "wall": round(time.time() - t0, 2)}
            if args.measures:
                with torch.no_grad():
                    logits, post = forward(P, all_tokens, with_post=True)
                cached.append(logits[:, :p].numpy().astype(np.float32))
                records.append(rec)
                last_post = post.numpy()
            out.write(json.dumps(rec) + "\n")
            out.flush()
            if not math.isfinite(trl):
                break
            # Optional early stop (search mode): test loss < 0.1 and the weight norm flat
            # (relative change over the last 500 steps < 2%), then --stop-margin more steps.
            if args.stop_when_done:
                if grok_step is None and tel < 0.1 and (step - 500) in norms \
                        and abs(wn - norms[step - 500]) / wn < 0.02:
                    grok_step = step
                if grok_step is not None and step >= grok_step + args.stop_margin:
                    break
        if step == args.steps:
            break
        train_step(P, opt, sched, xtr, ytr)
    if args.measures and records:
        freqs = measures.key_freqs(last_post, p)
        is_train = np.zeros(p * p, dtype=bool)
        for a, b, _ in xtr.tolist():
            is_train[a * p + b] = True
        out.seek(0)
        out.truncate()
        for rec, logits in zip(records, cached):
            rec["restrictedLoss"] = measures.restricted_loss(logits, p, freqs)
            rec["excludedLoss"] = measures.excluded_loss(logits, p, freqs, is_train)
            rec["keyFreqs"] = freqs
            out.write(json.dumps(rec) + "\n")
    if out is not sys.stdout:
        out.close()


def cmd_time(args):
    xtr, ytr, _, _ = make_data(args.p, args.frac, args.seed)
    P, opt, sched = build(args)
    with torch.no_grad():  # the final-position shortcut must equal the literal model
        diff = (forward(P, xtr[:256]) - forward_full(P, xtr[:256])).abs().max().item()
    print(f"max |forward - forward_full| on 256 examples: {diff:.2e}")
    fwd = forward_full if args.full_forward else forward
    for _ in range(3):
        train_step(P, opt, sched, xtr, ytr, fwd)
    ts = []
    for _ in range(args.steps):
        t = time.perf_counter()
        train_step(P, opt, sched, xtr, ytr, fwd)
        ts.append(time.perf_counter() - t)
    print(torch.__config__.show())
    blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower()})
    print(f"BLAS libraries mapped: {blas}")
    print(f"torch {torch.__version__}  threads {torch.get_num_threads()}  "
          f"interop {torch.get_num_interop_threads()}")
    print(f"p {args.p} frac {args.frac} n_train {xtr.shape[0]} d_mlp {args.d_mlp} "
          f"({'full 3-position' if args.full_forward else 'final-position-only'} forward)")
    print(f"seconds per full-batch step (median of {args.steps}): {statistics.median(ts):.4f}"
          f"  min {min(ts):.4f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["train", "time"])
    ap.add_argument("--p", type=int, default=113)
    ap.add_argument("--frac", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--wd", type=float, default=1.0)
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--n-heads", type=int, default=4)
    ap.add_argument("--d-mlp", type=int, default=512)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--early-until", type=int, default=0)
    ap.add_argument("--early-every", type=int, default=20)
    ap.add_argument("--d-vocab-out", type=int, default=None, help="W_U's columns: p (answers only); default p + 1")
    ap.add_argument("--measures", action="store_true", help="also log restricted/excluded loss (see measures.py)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--full-forward", action="store_true", help="time: the literal 3-position model")
    ap.add_argument("--stop-when-done", action="store_true")
    ap.add_argument("--stop-margin", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    (cmd_train if args.mode == "train" else cmd_time)(args)


if __name__ == "__main__":
    main()
