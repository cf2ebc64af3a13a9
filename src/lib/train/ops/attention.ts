/**
 * Causal multi-head self-attention core over packed Q|K|V rows.
 *   qkv [B, T, 3*H*dh]  (row = q heads | k heads | v heads, from one matmul with [W_Q; W_K; W_V])
 *   z   [B, Tq, H*dh]   for the last Tq query positions (Tq = T: all; Tq = 1: the final position)
 *   att [B, H, Tq, T]   softmax(q.k / sqrt(dh)) with j > t masked to 0: cached for the backward and
 *                       returned for analysis (the attention pattern figure). No gradient flows into it.
 * Backward: dv_j += p_j dz; dp_j = dz.v_j; ds = p (dp - sum p dp); dq += ds k / sqrt(dh);
 * dk_j += ds_j q / sqrt(dh). Keys and values still need every position even when Tq = 1.
 */
import type { Tensor } from '../tensor';
import { gatherRows } from './gather';

interface AttentionOut {
  z: Tensor;
  att: Tensor;
}

export function causalAttention(qkv: Tensor, H: number, dh: number, Tq: number, label = 'attn'): AttentionOut {
  const g = qkv.graph;
  if (qkv.shape.length !== 3 || qkv.shape[2] !== 3 * H * dh) throw new Error(`attention: qkv must be [B, T, ${3 * H * dh}], got [${qkv.shape}]`);
  const [B, T] = qkv.shape;
  if (Tq < 1 || Tq > T) throw new Error(`attention: Tq=${Tq} out of 1..${T}`);
  const z = g.tensor([B, Tq, H * dh], qkv.requiresGrad, `${label}.z`);
  const att = g.tensor([B, H, Tq, T], false, `${label}.pattern`);
  const scale = 1 / Math.sqrt(dh);
  g.push({
    name: 'causalAttention',
    outputs: [z],
    forward: () => g.backend.attention({ qkv: qkv.data, out: z.data, att: att.data, B, T, Tq, H, dh, scale }),
    backward: () => {
      if (!qkv.requiresGrad) return;
      const d = g.gradDst(qkv);
      g.backend.attentionBackward({ qkv: qkv.data, att: att.data, dout: z.grad!, dqkv: d.ref, B, T, Tq, H, dh, scale, accumulate: d.accumulate });
    },
  });
  return { z, att };
}

/**
 * causalAttention over rows of a table: sequence b's position t reads Q|K|V row idx[b*T + t] of `table`
 * ([rows, 3*H*dh]). The same values as gathering the rows first (gatherRows, then causalAttention), and
 * the same gradient into the table, in the same order of additions. A backend with attentionRows (the CPU
 * twin) does it without the gathered [B*T, 3*H*dh] buffer and its gradient: for the paper model, 17.6 MB
 * each, written and copied several times a step. Other backends gather.
 */
export function causalAttentionRows(
  table: Tensor, idx: Tensor, B: number, T: number, H: number, dh: number, Tq: number, label = 'attn',
): AttentionOut {
  const g = table.graph;
  const backend = g.backend;
  if (!backend.attentionRows || !backend.attentionRowsBackward) {
    const rows = gatherRows(table, idx, `${label}.rows`);
    return causalAttention(g.reshape(rows, [B, T, 3 * H * dh]), H, dh, Tq, label);
  }
  if (idx.dtype !== 'i32' || idx.size !== B * T) throw new Error(`attention: idx must be i32 [${B * T}], got ${idx.dtype} [${idx.shape}]`);
  if (table.shape[table.shape.length - 1] !== 3 * H * dh) throw new Error(`attention: table rows must have ${3 * H * dh} columns, got [${table.shape}]`);
  if (Tq < 1 || Tq > T) throw new Error(`attention: Tq=${Tq} out of 1..${T}`);
  const z = g.tensor([B, Tq, H * dh], table.requiresGrad, `${label}.z`);
  const att = g.tensor([B, H, Tq, T], false, `${label}.pattern`);
  const scale = 1 / Math.sqrt(dh);
  g.push({
    name: 'causalAttentionRows',
    outputs: [z],
    forward: () => backend.attentionRows!({ qkv: table.data, rows: idx.data, out: z.data, att: att.data, B, T, Tq, H, dh, scale }),
    backward: () => {
      if (!table.requiresGrad) return;
      backend.attentionRowsBackward!({ qkv: table.data, rows: idx.data, att: att.data, dout: z.grad!, dqkv: g.gradZeroed(table), B, T, Tq, H, dh, scale });
    },
  });
  return { z, att };
}
