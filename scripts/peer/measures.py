"""Progress measures of Nanda et al. (2023) in numpy, for the PyTorch peer run.

The same definitions as the essay's TypeScript (src/lib/analysis: fourier.ts, key-frequencies.ts,
progress-losses.ts), written independently from the paper's definitions, so that the peer's landmarks are measured
the way ours are:

  fourier_basis   row 0 = ones/sqrt(p); rows 2k-1, 2k = cos, sin(2 pi k x / p), each of unit norm.
  key_freqs       each neuron's centred p x p activation table, in the 2-D Fourier basis; its frequency is
                  the k whose {const, cos k, sin k}^2 block holds the largest share of its squared norm;
                  neurons under 85% are 'other'; the key frequencies are the distinct ones.
  restricted_loss logits [p^2, p] projected (over the batch axis) onto cos/sin(w(a+b)) of the key
                  frequencies, plus the mean of what was removed; cross-entropy on all pairs.
  excluded_loss   logits minus those projections, no correction; cross-entropy on the train pairs.
"""
import numpy as np


def fourier_basis(p):
    x = np.arange(p)
    rows = [np.ones(p)]
    for k in range(1, (p - 1) // 2 + 1):
        rows.append(np.cos(2 * np.pi * k * x / p))
        rows.append(np.sin(2 * np.pi * k * x / p))
    B = np.stack(rows)
    return B / np.linalg.norm(B, axis=1, keepdims=True)


def key_freqs(acts, p, threshold=0.85):
    """acts [p^2, d_mlp] (final-position ReLU outputs, row a*p+b) -> sorted key frequencies."""
    B = fourier_basis(p)
    X = acts.reshape(p, p, -1).astype(np.float64)
    X = X - X.mean(axis=(0, 1), keepdims=True)
    F = np.einsum("ra,abn,sb->rsn", B, X, B)  # [p, p, d_mlp]
    total = (X ** 2).sum(axis=(0, 1))
    best = np.zeros(X.shape[2], dtype=int)
    share = np.zeros(X.shape[2])
    for k in range(1, (p - 1) // 2 + 1):
        idx = [0, 2 * k - 1, 2 * k]
        s = (F[np.ix_(idx, idx)] ** 2).sum(axis=(0, 1)) / np.maximum(total, 1e-30)
        better = s > share
        best[better], share[better] = k, s[better]
    return sorted({int(k) for k, s in zip(best, share) if s >= threshold})


def _cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(z).sum(axis=1))
    return float((lse - z[np.arange(len(labels)), labels]).mean())


def _trig_part(logits, p, freqs):
    """T [p^2, p]: the logits' projection onto cos/sin(w(a+b)) of the given frequencies."""
    a, b = np.divmod(np.arange(p * p), p)
    T = np.zeros_like(logits)
    for k in freqs:
        w = 2 * np.pi * k * (a + b) / p
        for u in (np.cos(w), np.sin(w)):
            u = u / np.linalg.norm(u)
            T += np.outer(u, u @ logits)
    return T


def restricted_loss(logits, p, freqs):
    L = logits[:, :p].astype(np.float64)
    T = _trig_part(L, p, freqs)
    R = T + (L - T).mean(axis=0, keepdims=True)
    labels = np.arange(p * p) // p + np.arange(p * p) % p
    return _cross_entropy(R, labels % p)


def excluded_loss(logits, p, freqs, is_train):
    L = logits[:, :p].astype(np.float64)
    E = L - _trig_part(L, p, freqs)
    labels = (np.arange(p * p) // p + np.arange(p * p) % p) % p
    return _cross_entropy(E[is_train], labels[is_train])
