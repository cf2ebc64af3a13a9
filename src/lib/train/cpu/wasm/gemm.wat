;; SIMD kernels for the CPU twin (WebAssembly SIMD128; build.mjs also makes a relaxed-simd FMA twin of gemm4x8).
;;
;;   C[i, j] (+)= sum_{k < K} A(i, k) * B[k, j]    for i < M4 (multiple of 4), j < N8 (multiple of 8)
;;
;; A(i, k) lives at byte a + i*sai + k*sak (so a transposed A is just other strides); B is dense
;; row-major with row stride ldb bytes; C row-major with row stride ldc bytes. acc = 0 overwrites C,
;; acc = 1 adds into it (the caller splits long K into cache-sized chunks and accumulates).
;; Register block: 4 rows x 8 columns = eight f32x4 accumulators; per k, two vector loads of B and
;; four scalar loads of A broadcast with f32x4.splat: 64 flops per 6 loads.
;;
;; bias_act: the matmul epilogue in place on a [rows, n] product P with row stride ld elements:
;;   P[r, j] = act(alpha * P[r, j] + bias[j]),  act = relu (f32x4.pmax with 0: NaN -> 0, as JS's
;;   x > 0 ? x : 0) or identity; bias optional (hasBias = 0 ignores the pointer).
;;
;; scatter_add_rows: the embedding-table gradient, T[idx[i], :] += D[i, :] for i = 0, 1, ..., n-1 in that
;;   order (repeated rows sum in i order), for the table rows lo <= idx[i] < hi only (so that threads can
;;   share the work by table rows: each row still gets its sums from one thread, in i order). f32x4.add rounds each sum once to float32, exactly as
;;   TypeScript's `T[t] += D[s]` on Float32Arrays does (a double sum of two floats rounded to float32 is
;;   the float32 sum), so the result is bit for bit the TypeScript loop's. Indices are checked by the caller.
;;
;; attn_bwd_last: attention backward for the final query alone (cpu/backend.ts's
;;   attentionBackwardLastQuery, same loops, same order): dot products and softmax gradients in f64 as
;;   JavaScript's doubles (float32 operands promoted, so each product is exact as in JS), float32 results
;;   rounded once on store (f32.demote_f64, round to nearest even, as a Float32Array store); `x + 0` kept
;;   where the TypeScript adds it (-0 -> +0). Bit for bit the TypeScript function.
;;
;; sum_rows_f64: acc[c] += X[r, c] over rows r = 0, 1, ... in order, acc a [cols] f64 array (the caller
;;   zeroes it): the bias gradient's column sums in doubles, as cpu/backend.ts's sumRows (float32 values
;;   promoted, one double rounding per add: the same sums), two columns per f64x2.
;;
;; attn_fwd, attn_bwd_last with idx >= 0: row b*T + j of Q|K|V is read from row idx[b*T + j] of the table at
;;   q (idx a byte offset of i32 indices) instead of row b*T + j at q; with idx = -1 from the dense rows at q.
;;   attn_bwd_last writes the rows' gradient densely either way (the caller scatters it into the table).
;;
;; acc_rows: D[r, j] += S[r, j] for a [rows, n] block, D with row stride ldd elements, S dense: a product
;;   added into its destination (f32x4.add: one float32 rounding, as TypeScript's `C[i] += P[i]`).
;;
;; relu_bwd: dx[i] (+)= dy[i] * ((bits(y[i]) + 0x7fffffff) >>> 31) over n elements (acc = 1 adds): the ReLU's
;;   backward, the mask computed exactly as cpu/backend.ts's unaryBackward does (1 where y's bits are not
;;   +0, for a ReLU output y >= 0), the product exact (dy or a signed zero), the sum rounded once.
;;
;; add_f32: o[i] = a[i] + b[i]; acc_f32: o[i] += x[i] (n elements; one float32 rounding each, as TypeScript).
;;
;; edge_cols: the columns j0..n-1 that gemm4x8 leaves (n % 8 of them, e.g. 2 of the unembedding's 114) for
;;   rows 0..M4-1 (M4 a multiple of 4): s = fround(s + a * b) over k from +0 with the product and the sum
;;   in f64 (float32 operands promoted, so a * b is exact; the sum rounded to a double, then to float32:
;;   f32x4.demote_f64x2_zero rounds to nearest even as Math.fround does), exactly the TypeScript edge loop
;;   it replaces. Four rows by two columns (four f64x2 chains) at a time; an odd last column reads one
;;   float (load32_zero), so nothing past the row is touched.
;;
;; adamw: one AdamW step over n parameters, cpu/backend.ts's adamw line for line in f64 (float32 values
;;   promoted; f64x2.sqrt and div are IEEE-exact as Math.sqrt and / are): m = beta1*M + (1-beta1)*g,
;;   v = beta2*V + ((1-beta2)*g)*g, P = P*decay - stepSize*(m / (sqrt(v)/sqrtBc2 + eps)), the unrounded
;;   m and v used as the TypeScript uses the value of its assignment; M, V, P rounded once on store.
;;   The eight constants are f64 at byte k: beta1, 1-beta1, beta2, 1-beta2, decay, stepSize, sqrtBc2, eps.
;;
;; edge_block8: edge_cols's arithmetic (s = fround(s + a * b) over k, f64 product and sum) for 4 rows at a
;;   and columns j0..j1-1 (j1 - j0 a multiple of 8), eight columns at a time: sixteen f64x2 chains, enough
;;   to cover the latency of each step's add, demote and promote. For the rows past the last multiple of 4
;;   (wasmProduct pads them to 4 in scratch).
;;
;; transpose: dst[k, n] = src[n, k] for n < N, k < K (src rows ldb elements apart, dst dense [K, N]): the
;;   matmul's transposed B, 4x4 blocks through registers (i8x16.shuffle), the edges one by one. A copy.
;;
;; attn_fwd: causal attention forward (cpu/backend.ts's attention, same loops and order): scores in f64,
;;   softmax with the imported env.exp (JavaScript's Math.exp itself, so the same doubles), the pattern
;;   rounded to float32 on store, z accumulated as the TypeScript does (f32 + f64 product, rounded once).
;;   s is T doubles of scratch.
(module
  (import "env" "exp" (func $exp (param f64) (result f64)))
  (memory (export "memory") 1)
  (func (export "gemm4x8")
    (param $a i32) (param $sai i32) (param $sak i32)
    (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32)
    (param $M4 i32) (param $N8 i32) (param $K i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $k i32)
    (local $pa i32) (local $pb i32) (local $pc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local.set $i (i32.const 0))
    (block $iend (loop $iloop
      (br_if $iend (i32.ge_u (local.get $i) (local.get $M4)))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $N8)))
        ;; pc = c + i*ldc + j*4
        (local.set $pc (i32.add (local.get $c)
          (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 2)))))
        (if (local.get $acc)
          (then
            (local.set $c00 (v128.load offset=0 (local.get $pc)))
            (local.set $c01 (v128.load offset=16 (local.get $pc)))
            (local.set $c10 (v128.load offset=0 (i32.add (local.get $pc) (local.get $ldc))))
            (local.set $c11 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldc))))
            (local.set $c20 (v128.load offset=0 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1)))))
            (local.set $c21 (v128.load offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1)))))
            (local.set $c30 (v128.load offset=0 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3)))))
            (local.set $c31 (v128.load offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))))))
          (else
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))))
        ;; pa = a + i*sai ; pb = b + j*4
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sai))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $k (i32.const 0))
        (block $kend (loop $kloop
          (br_if $kend (i32.ge_u (local.get $k) (local.get $K)))
          (local.set $b0 (v128.load offset=0 (local.get $pb)))
          (local.set $b1 (v128.load offset=16 (local.get $pb)))
          (local.set $x (f32x4.splat (f32.load (local.get $pa))))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (f32x4.splat (f32.load (i32.add (local.get $pa) (local.get $sai)))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (f32x4.splat (f32.load (i32.add (local.get $pa) (i32.shl (local.get $sai) (i32.const 1))))))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (f32x4.splat (f32.load (i32.add (local.get $pa) (i32.mul (local.get $sai) (i32.const 3))))))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
          (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $kloop)))
        (v128.store offset=0 (local.get $pc) (local.get $c00))
        (v128.store offset=16 (local.get $pc) (local.get $c01))
        (v128.store offset=0 (i32.add (local.get $pc) (local.get $ldc)) (local.get $c10))
        (v128.store offset=16 (i32.add (local.get $pc) (local.get $ldc)) (local.get $c11))
        (v128.store offset=0 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c20))
        (v128.store offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c21))
        (v128.store offset=0 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c30))
        (v128.store offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c31))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $jloop)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $iloop)))
  )

  (func (export "bias_act")
    (param $p i32) (param $rows i32) (param $n i32) (param $ld i32) (param $bias i32) (param $hasBias i32)
    (param $relu i32) (param $alpha f32)
    (local $r i32) (local $j i32) (local $n4 i32) (local $pr i32) (local $v v128) (local $va v128)
    (local $x f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $va (f32x4.splat (local.get $alpha)))
    (local.set $r (i32.const 0))
    (block $rend (loop $rloop
      (br_if $rend (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $pr (i32.add (local.get $p) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $n4)))
        (local.set $v (f32x4.mul (v128.load (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2)))) (local.get $va)))
        (if (local.get $hasBias) (then
          (local.set $v (f32x4.add (local.get $v) (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
        (if (local.get $relu) (then
          (local.set $v (f32x4.pmax (v128.const i32x4 0 0 0 0) (local.get $v)))))
        (v128.store (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2))) (local.get $v))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jloop)))
      (block $tend (loop $tloop
        (br_if $tend (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $x (f32.mul (f32.load (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2)))) (local.get $alpha)))
        (if (local.get $hasBias) (then
          (local.set $x (f32.add (local.get $x) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
        (if (local.get $relu) (then
          (local.set $x (select (local.get $x) (f32.const 0) (f32.gt (local.get $x) (f32.const 0))))))
        (f32.store (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2))) (local.get $x))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop)))
  )

  (func (export "scatter_add_rows")
    (param $t i32) (param $d i32) (param $idx i32) (param $n i32) (param $cols i32) (param $lo i32) (param $hi i32)
    (local $i i32) (local $c i32) (local $c4 i32) (local $pt i32) (local $pd i32) (local $rowBytes i32) (local $r i32)
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $pd (local.get $d))
    (local.set $i (i32.const 0))
    (block $iend (loop $iloop
      (br_if $iend (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $r (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.and (i32.ge_s (local.get $r) (local.get $lo)) (i32.lt_s (local.get $r) (local.get $hi))) (then
      (local.set $pt (i32.add (local.get $t) (i32.mul (local.get $r) (local.get $rowBytes))))
      (local.set $c (i32.const 0))
      (block $cend (loop $cloop
        (br_if $cend (i32.ge_u (local.get $c) (local.get $c4)))
        (v128.store (i32.add (local.get $pt) (i32.shl (local.get $c) (i32.const 2)))
          (f32x4.add
            (v128.load (i32.add (local.get $pt) (i32.shl (local.get $c) (i32.const 2))))
            (v128.load (i32.add (local.get $pd) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $cloop)))
      (block $tend (loop $tloop
        (br_if $tend (i32.ge_u (local.get $c) (local.get $cols)))
        (f32.store (i32.add (local.get $pt) (i32.shl (local.get $c) (i32.const 2)))
          (f32.add
            (f32.load (i32.add (local.get $pt) (i32.shl (local.get $c) (i32.const 2))))
            (f32.load (i32.add (local.get $pd) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $tloop)))))
      (local.set $pd (i32.add (local.get $pd) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iloop)))
  )

  (func (export "attn_bwd_last")
    (param $q i32) (param $p i32) (param $dz i32) (param $dq i32) (param $dp i32)
    (param $B i32) (param $T i32) (param $H i32) (param $dh i32) (param $idx i32) (param $scale f64)
    (local $b i32) (local $h i32) (local $j i32) (local $d i32) (local $t i32)
    (local $dh4 i32) (local $HD4 i32) (local $row4 i32) (local $base i32)
    (local $pr i32) (local $dzb i32) (local $v i32) (local $dv i32) (local $k i32) (local $dk i32)
    (local $qq i32) (local $dqq i32)
    (local $pj f32) (local $g f32) (local $acc f64) (local $dot f64) (local $ds f64)
    (local $g4 v128) (local $x4 v128) (local $lo v128) (local $hi v128)
    (local $y4 v128) (local $glo v128) (local $ghi v128) (local $lo2 v128) (local $hi2 v128)
    (local $v2 i32) (local $dv2 i32) (local $pj2 f32) (local $acc2 f64)
    (local.set $t (i32.sub (local.get $T) (i32.const 1)))
    (local.set $dh4 (i32.shl (local.get $dh) (i32.const 2)))
    (local.set $HD4 (i32.mul (local.get $H) (local.get $dh4)))
    (local.set $row4 (i32.mul (local.get $HD4) (i32.const 3)))
    (local.set $b (i32.const 0))
    (block $bend (loop $bloop
      (br_if $bend (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $base (i32.mul (i32.mul (local.get $b) (local.get $T)) (local.get $row4)))
      ;; the Q parts of the positions before the last get no gradient
      (local.set $j (i32.const 0))
      (block $zend (loop $zloop
        (br_if $zend (i32.ge_u (local.get $j) (local.get $t)))
        (memory.fill (i32.add (local.get $dq) (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $row4))))
          (i32.const 0) (local.get $HD4))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $zloop)))
      (local.set $h (i32.const 0))
      (block $hend (loop $hloop
        (br_if $hend (i32.ge_u (local.get $h) (local.get $H)))
        (local.set $pr (i32.add (local.get $p)
          (i32.shl (i32.mul (i32.add (i32.mul (local.get $b) (local.get $H)) (local.get $h)) (local.get $T)) (i32.const 2))))
        (local.set $dzb (i32.add (local.get $dz)
          (i32.add (i32.mul (local.get $b) (local.get $HD4)) (i32.mul (local.get $h) (local.get $dh4)))))
        (local.set $dot (f64.const 0))
        ;; dp_j = dz . v_j ; dv_j = p_j dz
        (local.set $j (i32.const 0))
        ;; two keys at a time where there are two left: their dot products are independent chains (each
        ;; still summed in order), so they overlap; dp and the running dot are taken in key order
        (block $j1end (loop $j1loop
          (br_if $j1end (i32.gt_u (local.get $j) (local.get $t)))
          (local.set $v (i32.add (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $row4)))
            (i32.add (i32.shl (local.get $HD4) (i32.const 1)) (i32.mul (local.get $h) (local.get $dh4)))))
          (local.set $dv (i32.add (local.get $dq) (local.get $v)))
          (local.set $v (i32.add (local.get $v) (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
              (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j)) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j))) (local.get $row4)))))))
          (local.set $pj (f32.load (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2)))))
          (if (i32.lt_u (local.get $j) (local.get $t))
            (then
              (local.set $v2 (i32.add (i32.add (local.get $base) (i32.mul (i32.add (local.get $j) (i32.const 1)) (local.get $row4)))
                (i32.add (i32.shl (local.get $HD4) (i32.const 1)) (i32.mul (local.get $h) (local.get $dh4)))))
              (local.set $dv2 (i32.add (local.get $dq) (local.get $v2)))
              (local.set $v2 (i32.add (local.get $v2) (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
                  (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (i32.add (local.get $j) (i32.const 1))) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (i32.add (local.get $j) (i32.const 1)))) (local.get $row4)))))))
              (local.set $pj2 (f32.load (i32.add (local.get $pr) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))))
              (local.set $acc (f64.const 0))
              (local.set $acc2 (f64.const 0))
              (local.set $d (i32.const 0))
              (block $p1vend (loop $p1vloop
                (br_if $p1vend (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $dh4)))
                (local.set $g4 (v128.load (i32.add (local.get $dzb) (local.get $d))))
                (local.set $x4 (v128.load (i32.add (local.get $v) (local.get $d))))
                (local.set $y4 (v128.load (i32.add (local.get $v2) (local.get $d))))
                (v128.store (i32.add (local.get $dv) (local.get $d))
                  (f32x4.add (f32x4.mul (f32x4.splat (local.get $pj)) (local.get $g4)) (v128.const i32x4 0 0 0 0)))
                (v128.store (i32.add (local.get $dv2) (local.get $d))
                  (f32x4.add (f32x4.mul (f32x4.splat (local.get $pj2)) (local.get $g4)) (v128.const i32x4 0 0 0 0)))
                (local.set $glo (f64x2.promote_low_f32x4 (local.get $g4)))
                (local.set $ghi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g4) (local.get $g4))))
                (local.set $lo (f64x2.mul (local.get $glo) (f64x2.promote_low_f32x4 (local.get $x4))))
                (local.set $hi (f64x2.mul (local.get $ghi) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x4) (local.get $x4)))))
                (local.set $lo2 (f64x2.mul (local.get $glo) (f64x2.promote_low_f32x4 (local.get $y4))))
                (local.set $hi2 (f64x2.mul (local.get $ghi) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y4) (local.get $y4)))))
                (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 0 (local.get $lo))))
                (local.set $acc2 (f64.add (local.get $acc2) (f64x2.extract_lane 0 (local.get $lo2))))
                (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 1 (local.get $lo))))
                (local.set $acc2 (f64.add (local.get $acc2) (f64x2.extract_lane 1 (local.get $lo2))))
                (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 0 (local.get $hi))))
                (local.set $acc2 (f64.add (local.get $acc2) (f64x2.extract_lane 0 (local.get $hi2))))
                (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 1 (local.get $hi))))
                (local.set $acc2 (f64.add (local.get $acc2) (f64x2.extract_lane 1 (local.get $hi2))))
                (local.set $d (i32.add (local.get $d) (i32.const 16)))
                (br $p1vloop)))
              (block $p1end (loop $p1loop
                (br_if $p1end (i32.ge_u (local.get $d) (local.get $dh4)))
                (local.set $g (f32.load (i32.add (local.get $dzb) (local.get $d))))
                (local.set $acc (f64.add (local.get $acc)
                  (f64.mul (f64.promote_f32 (local.get $g)) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $d)))))))
                (local.set $acc2 (f64.add (local.get $acc2)
                  (f64.mul (f64.promote_f32 (local.get $g)) (f64.promote_f32 (f32.load (i32.add (local.get $v2) (local.get $d)))))))
                (f32.store (i32.add (local.get $dv) (local.get $d))
                  (f32.add (f32.mul (local.get $pj) (local.get $g)) (f32.const 0)))
                (f32.store (i32.add (local.get $dv2) (local.get $d))
                  (f32.add (f32.mul (local.get $pj2) (local.get $g)) (f32.const 0)))
                (local.set $d (i32.add (local.get $d) (i32.const 4)))
                (br $p1loop)))
              (f64.store (i32.add (local.get $dp) (i32.shl (local.get $j) (i32.const 3))) (local.get $acc))
              (f64.store (i32.add (local.get $dp) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $acc2))
              (local.set $dot (f64.add (local.get $dot) (f64.mul (f64.promote_f32 (local.get $pj)) (local.get $acc))))
              (local.set $dot (f64.add (local.get $dot) (f64.mul (f64.promote_f32 (local.get $pj2)) (local.get $acc2))))
              (local.set $j (i32.add (local.get $j) (i32.const 2)))
              (br $j1loop)))
          (local.set $acc (f64.const 0))
          (local.set $d (i32.const 0))
          ;; four dimensions at a time: dv in f32x4, the products in f64x2, the sum still one add at a time in order
          (block $d1vend (loop $d1vloop
            (br_if $d1vend (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $dh4)))
            (local.set $g4 (v128.load (i32.add (local.get $dzb) (local.get $d))))
            (local.set $x4 (v128.load (i32.add (local.get $v) (local.get $d))))
            (v128.store (i32.add (local.get $dv) (local.get $d))
              (f32x4.add (f32x4.mul (f32x4.splat (local.get $pj)) (local.get $g4)) (v128.const i32x4 0 0 0 0)))
            (local.set $lo (f64x2.mul (f64x2.promote_low_f32x4 (local.get $g4)) (f64x2.promote_low_f32x4 (local.get $x4))))
            (local.set $hi (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g4) (local.get $g4))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x4) (local.get $x4)))))
            (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 0 (local.get $lo))))
            (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 1 (local.get $lo))))
            (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 0 (local.get $hi))))
            (local.set $acc (f64.add (local.get $acc) (f64x2.extract_lane 1 (local.get $hi))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $d1vloop)))
          (block $d1end (loop $d1loop
            (br_if $d1end (i32.ge_u (local.get $d) (local.get $dh4)))
            (local.set $g (f32.load (i32.add (local.get $dzb) (local.get $d))))
            (local.set $acc (f64.add (local.get $acc)
              (f64.mul (f64.promote_f32 (local.get $g)) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $d)))))))
            (f32.store (i32.add (local.get $dv) (local.get $d))
              (f32.add (f32.mul (local.get $pj) (local.get $g)) (f32.const 0)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $d1loop)))
          (f64.store (i32.add (local.get $dp) (i32.shl (local.get $j) (i32.const 3))) (local.get $acc))
          (local.set $dot (f64.add (local.get $dot) (f64.mul (f64.promote_f32 (local.get $pj)) (local.get $acc))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $j1loop)))
        ;; ds_j = p_j (dp_j - dot) scale ; dq_last (+)= ds_j k_j ; dk_j = ds_j q_last
        (local.set $qq (i32.add (i32.add (local.get $base) (i32.mul (local.get $t) (local.get $row4))) (i32.mul (local.get $h) (local.get $dh4))))
        (local.set $dqq (i32.add (local.get $dq) (local.get $qq)))
        (local.set $qq (i32.add (local.get $qq) (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
              (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $t)) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $t))) (local.get $row4)))))))
        (local.set $j (i32.const 0))
        (block $j2end (loop $j2loop
          (br_if $j2end (i32.gt_u (local.get $j) (local.get $t)))
          (local.set $ds (f64.mul
            (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2)))))
              (f64.sub (f64.load (i32.add (local.get $dp) (i32.shl (local.get $j) (i32.const 3)))) (local.get $dot)))
            (local.get $scale)))
          (local.set $k (i32.add (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $row4)))
            (i32.add (local.get $HD4) (i32.mul (local.get $h) (local.get $dh4)))))
          (local.set $dk (i32.add (local.get $dq) (local.get $k)))
          (local.set $k (i32.add (local.get $k) (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
              (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j)) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j))) (local.get $row4)))))))
          (local.set $d (i32.const 0))
          (if (i32.eqz (local.get $j))
            (then
              (block $d2vend (loop $d2vloop
                (br_if $d2vend (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $dh4)))
                (local.set $x4 (v128.load (i32.add (local.get $k) (local.get $d))))
                (v128.store (i32.add (local.get $dqq) (local.get $d)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.splat (local.get $ds)) (f64x2.promote_low_f32x4 (local.get $x4))) (v128.const i64x2 0 0))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.splat (local.get $ds)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x4) (local.get $x4)))) (v128.const i64x2 0 0)))))
                (local.set $d (i32.add (local.get $d) (i32.const 16)))
                (br $d2vloop)))
              (block $d2end (loop $d2loop
                (br_if $d2end (i32.ge_u (local.get $d) (local.get $dh4)))
                (f32.store (i32.add (local.get $dqq) (local.get $d))
                  (f32.demote_f64 (f64.add (f64.mul (local.get $ds) (f64.promote_f32 (f32.load (i32.add (local.get $k) (local.get $d)))))
                    (f64.const 0))))
                (local.set $d (i32.add (local.get $d) (i32.const 4)))
                (br $d2loop))))
            (else
              (block $d3vend (loop $d3vloop
                (br_if $d3vend (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $dh4)))
                (local.set $x4 (v128.load (i32.add (local.get $k) (local.get $d))))
                (v128.store (i32.add (local.get $dqq) (local.get $d)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (v128.load (i32.add (local.get $dqq) (local.get $d)))) (f64x2.mul (f64x2.splat (local.get $ds)) (f64x2.promote_low_f32x4 (local.get $x4))))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $dqq) (local.get $d))) (v128.load (i32.add (local.get $dqq) (local.get $d))))) (f64x2.mul (f64x2.splat (local.get $ds)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x4) (local.get $x4))))))))
                (local.set $d (i32.add (local.get $d) (i32.const 16)))
                (br $d3vloop)))
              (block $d3end (loop $d3loop
                (br_if $d3end (i32.ge_u (local.get $d) (local.get $dh4)))
                (f32.store (i32.add (local.get $dqq) (local.get $d))
                  (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $dqq) (local.get $d))))
                    (f64.mul (local.get $ds) (f64.promote_f32 (f32.load (i32.add (local.get $k) (local.get $d))))))))
                (local.set $d (i32.add (local.get $d) (i32.const 4)))
                (br $d3loop)))))
          (local.set $d (i32.const 0))
          (block $d4vend (loop $d4vloop
            (br_if $d4vend (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $dh4)))
            (local.set $x4 (v128.load (i32.add (local.get $qq) (local.get $d))))
            (v128.store (i32.add (local.get $dk) (local.get $d)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.splat (local.get $ds)) (f64x2.promote_low_f32x4 (local.get $x4))) (v128.const i64x2 0 0))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.splat (local.get $ds)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x4) (local.get $x4)))) (v128.const i64x2 0 0)))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $d4vloop)))
          (block $d4end (loop $d4loop
            (br_if $d4end (i32.ge_u (local.get $d) (local.get $dh4)))
            (f32.store (i32.add (local.get $dk) (local.get $d))
              (f32.demote_f64 (f64.add (f64.mul (local.get $ds) (f64.promote_f32 (f32.load (i32.add (local.get $qq) (local.get $d)))))
                (f64.const 0))))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $d4loop)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $j2loop)))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $hloop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bloop)))
  )

  (func (export "attn_fwd")
    (param $q i32) (param $z i32) (param $p i32) (param $s i32)
    (param $B i32) (param $T i32) (param $Tq i32) (param $H i32) (param $dh i32) (param $idx i32) (param $scale f64)
    (local $b i32) (local $h i32) (local $iq i32) (local $j i32) (local $d i32) (local $t i32)
    (local $dh4 i32) (local $HD4 i32) (local $row4 i32) (local $qq i32) (local $k i32) (local $v i32)
    (local $pr i32) (local $zz i32)
    (local $dot f64) (local $mx f64) (local $sum f64) (local $x f64) (local $pj f64)
    (local $x4 v128) (local $dot2 f64) (local $k2 i32)
    (local.set $dh4 (i32.shl (local.get $dh) (i32.const 2)))
    (local.set $HD4 (i32.mul (local.get $H) (local.get $dh4)))
    (local.set $row4 (i32.mul (local.get $HD4) (i32.const 3)))
    (local.set $b (i32.const 0))
    (block $bend (loop $bloop
      (br_if $bend (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $h (i32.const 0))
      (block $hend (loop $hloop
        (br_if $hend (i32.ge_u (local.get $h) (local.get $H)))
        (local.set $iq (i32.const 0))
        (block $qend (loop $qloop
          (br_if $qend (i32.ge_u (local.get $iq) (local.get $Tq)))
          (local.set $t (i32.add (i32.sub (local.get $T) (local.get $Tq)) (local.get $iq)))
          (local.set $qq (i32.add (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
              (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $t)) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $t))) (local.get $row4))))) (i32.add
            (i32.mul (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $t)) (local.get $row4))
            (i32.mul (local.get $h) (local.get $dh4)))))
          ;; scores and their maximum
          (local.set $mx (f64.const -inf))
          (local.set $j (i32.const 0))
          ;; two keys at a time where there are two left: their dot products are independent chains (each
          ;; still summed in order), so they overlap; the scores and the maximum are taken in key order
          (block $j1end (loop $j1loop
            (br_if $j1end (i32.gt_u (local.get $j) (local.get $t)))
            (local.set $k (i32.add (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
              (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j)) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j))) (local.get $row4))))) (i32.add
              (i32.mul (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j)) (local.get $row4))
              (i32.add (local.get $HD4) (i32.mul (local.get $h) (local.get $dh4))))))
            (if (i32.lt_u (local.get $j) (local.get $t))
              (then
                (local.set $k2 (i32.add (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
                  (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (i32.add (local.get $j) (i32.const 1))) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (i32.add (local.get $j) (i32.const 1)))) (local.get $row4))))) (i32.add
                  (i32.mul (i32.add (i32.mul (local.get $b) (local.get $T)) (i32.add (local.get $j) (i32.const 1))) (local.get $row4))
                  (i32.add (local.get $HD4) (i32.mul (local.get $h) (local.get $dh4))))))
                (local.set $dot (f64.const 0))
                (local.set $dot2 (f64.const 0))
                (local.set $d (i32.const 0))
                (block $dpend (loop $dploop
                  (br_if $dpend (i32.ge_u (local.get $d) (local.get $dh4)))
                  (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $qq) (local.get $d)))))
                  (local.set $dot (f64.add (local.get $dot) (f64.mul (local.get $x) (f64.promote_f32 (f32.load (i32.add (local.get $k) (local.get $d)))))))
                  (local.set $dot2 (f64.add (local.get $dot2) (f64.mul (local.get $x) (f64.promote_f32 (f32.load (i32.add (local.get $k2) (local.get $d)))))))
                  (local.set $d (i32.add (local.get $d) (i32.const 4)))
                  (br $dploop)))
                (local.set $x (f64.mul (local.get $dot) (local.get $scale)))
                (f64.store (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 3))) (local.get $x))
                (if (f64.gt (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
                (local.set $x (f64.mul (local.get $dot2) (local.get $scale)))
                (f64.store (i32.add (local.get $s) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $x))
                (if (f64.gt (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $j1loop)))
            (local.set $dot (f64.const 0))
            (local.set $d (i32.const 0))
            (block $dend (loop $dloop
              (br_if $dend (i32.ge_u (local.get $d) (local.get $dh4)))
              (local.set $dot (f64.add (local.get $dot)
                (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $qq) (local.get $d))))
                  (f64.promote_f32 (f32.load (i32.add (local.get $k) (local.get $d)))))))
              (local.set $d (i32.add (local.get $d) (i32.const 4)))
              (br $dloop)))
            (local.set $x (f64.mul (local.get $dot) (local.get $scale)))
            (f64.store (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 3))) (local.get $x))
            (if (f64.gt (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j1loop)))
          ;; exponentials and their sum
          (local.set $sum (f64.const 0))
          (local.set $j (i32.const 0))
          (block $j2end (loop $j2loop
            (br_if $j2end (i32.gt_u (local.get $j) (local.get $t)))
            (local.set $x (call $exp (f64.sub (f64.load (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 3)))) (local.get $mx))))
            (f64.store (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 3))) (local.get $x))
            (local.set $sum (f64.add (local.get $sum) (local.get $x)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j2loop)))
          ;; pattern row and z = sum_j p_j v_j
          (local.set $pr (i32.add (local.get $p) (i32.shl (i32.mul
            (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $H)) (local.get $h)) (local.get $Tq)) (local.get $iq))
            (local.get $T)) (i32.const 2))))
          (local.set $zz (i32.add (local.get $z) (i32.add
            (i32.mul (i32.add (i32.mul (local.get $b) (local.get $Tq)) (local.get $iq)) (local.get $HD4))
            (i32.mul (local.get $h) (local.get $dh4)))))
          (memory.fill (local.get $zz) (i32.const 0) (local.get $dh4))
          (local.set $j (i32.const 0))
          (block $j3end (loop $j3loop
            (br_if $j3end (i32.ge_u (local.get $j) (local.get $T)))
            (if (i32.gt_u (local.get $j) (local.get $t))
              (then (f32.store (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2))) (f32.const 0)))
              (else
                (local.set $pj (f64.div (f64.load (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 3)))) (local.get $sum)))
                (f32.store (i32.add (local.get $pr) (i32.shl (local.get $j) (i32.const 2))) (f32.demote_f64 (local.get $pj)))
                (local.set $v (i32.add (if (result i32) (i32.lt_s (local.get $idx) (i32.const 0)) (then (local.get $q))
              (else (i32.add (local.get $q) (i32.mul (i32.sub (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j)) (i32.const 2)))) (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j))) (local.get $row4))))) (i32.add
                  (i32.mul (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $j)) (local.get $row4))
                  (i32.add (i32.shl (local.get $HD4) (i32.const 1)) (i32.mul (local.get $h) (local.get $dh4))))))
                (local.set $d (i32.const 0))
                (block $zvvend (loop $zvvloop
                  (br_if $zvvend (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $dh4)))
                  (local.set $x4 (v128.load (i32.add (local.get $v) (local.get $d))))
                  (v128.store (i32.add (local.get $zz) (local.get $d)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (v128.load (i32.add (local.get $zz) (local.get $d)))) (f64x2.mul (f64x2.splat (local.get $pj)) (f64x2.promote_low_f32x4 (local.get $x4))))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $zz) (local.get $d))) (v128.load (i32.add (local.get $zz) (local.get $d))))) (f64x2.mul (f64x2.splat (local.get $pj)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x4) (local.get $x4))))))))
                  (local.set $d (i32.add (local.get $d) (i32.const 16)))
                  (br $zvvloop)))
                (block $d2end (loop $d2loop
                  (br_if $d2end (i32.ge_u (local.get $d) (local.get $dh4)))
                  (f32.store (i32.add (local.get $zz) (local.get $d))
                    (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $zz) (local.get $d))))
                      (f64.mul (local.get $pj) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $d))))))))
                  (local.set $d (i32.add (local.get $d) (i32.const 4)))
                  (br $d2loop)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j3loop)))
          (local.set $iq (i32.add (local.get $iq) (i32.const 1)))
          (br $qloop)))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $hloop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bloop)))
  )

  (func (export "sum_rows_f64")
    (param $x i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $r i32) (local $c i32) (local $c4 i32) (local $px i32) (local $v v128) (local $pa i32)
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $px (local.get $x))
    (local.set $r (i32.const 0))
    (block $rend (loop $rloop
      (br_if $rend (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $cend (loop $cloop
        (br_if $cend (i32.ge_u (local.get $c) (local.get $c4)))
        (local.set $v (v128.load (i32.add (local.get $px) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $pa (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))))
        (v128.store offset=0 (local.get $pa)
          (f64x2.add (v128.load offset=0 (local.get $pa)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $pa)
          (f64x2.add (v128.load offset=16 (local.get $pa))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $cloop)))
      (block $tend (loop $tloop
        (br_if $tend (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $pa (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))))
        (f64.store (local.get $pa) (f64.add (f64.load (local.get $pa))
          (f64.promote_f32 (f32.load (i32.add (local.get $px) (i32.shl (local.get $c) (i32.const 2)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $tloop)))
      (local.set $px (i32.add (local.get $px) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop)))
  )


  (func (export "acc_rows")
    (param $d i32) (param $ldd i32) (param $s i32) (param $rows i32) (param $n i32)
    (local $r i32) (local $j i32) (local $n4 i32) (local $pd i32) (local $ps i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $ps (local.get $s))
    (local.set $r (i32.const 0))
    (block $rend (loop $rloop
      (br_if $rend (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $pd (i32.add (local.get $d) (i32.shl (i32.mul (local.get $r) (local.get $ldd)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $n4)))
        (v128.store (i32.add (local.get $pd) (i32.shl (local.get $j) (i32.const 2)))
          (f32x4.add (v128.load (i32.add (local.get $pd) (i32.shl (local.get $j) (i32.const 2))))
                     (v128.load (i32.add (local.get $ps) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jloop)))
      (block $tend (loop $tloop
        (br_if $tend (i32.ge_u (local.get $j) (local.get $n)))
        (f32.store (i32.add (local.get $pd) (i32.shl (local.get $j) (i32.const 2)))
          (f32.add (f32.load (i32.add (local.get $pd) (i32.shl (local.get $j) (i32.const 2))))
                   (f32.load (i32.add (local.get $ps) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tloop)))
      (local.set $ps (i32.add (local.get $ps) (i32.shl (local.get $n) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop)))
  )

  (func (export "relu_bwd")
    (param $dx i32) (param $dy i32) (param $y i32) (param $n i32) (param $acc i32)
    (local $i i32) (local $n4 i32) (local $g v128) (local $m i32) (local $x f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $end (loop $loop
      (br_if $end (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $g (f32x4.mul
        (v128.load (i32.add (local.get $dy) (i32.shl (local.get $i) (i32.const 2))))
        (f32x4.convert_i32x4_u (i32x4.shr_u
          (i32x4.add (v128.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
          (i32.const 31)))))
      (if (local.get $acc) (then
        (local.set $g (f32x4.add (v128.load (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $g)))))
      (v128.store (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2))) (local.get $g))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop)))
    (block $tend (loop $tloop
      (br_if $tend (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $m (i32.shr_u (i32.add (i32.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 0x7fffffff)) (i32.const 31)))
      (local.set $x (f32.mul (f32.load (i32.add (local.get $dy) (i32.shl (local.get $i) (i32.const 2)))) (f32.convert_i32_u (local.get $m))))
      (if (local.get $acc) (then
        (local.set $x (f32.add (f32.load (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $x)))))
      (f32.store (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2))) (local.get $x))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tloop)))
  )

  (func $add (export "add_f32")
    (param $o i32) (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $n4 i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $end (loop $loop
      (br_if $end (i32.ge_u (local.get $i) (local.get $n4)))
      (v128.store (i32.add (local.get $o) (i32.shl (local.get $i) (i32.const 2)))
        (f32x4.add (v128.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
                   (v128.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop)))
    (block $tend (loop $tloop
      (br_if $tend (i32.ge_u (local.get $i) (local.get $n)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $i) (i32.const 2)))
        (f32.add (f32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
                 (f32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tloop)))
  )

  (func (export "acc_f32")
    (param $o i32) (param $x i32) (param $n i32)
    (call $add (local.get $o) (local.get $o) (local.get $x) (local.get $n))
  )

  (func (export "edge_cols")
    (param $a i32) (param $sai i32) (param $sak i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32) (param $M4 i32) (param $j0 i32) (param $n i32) (param $K i32)
    (local $i i32) (local $j i32) (local $k i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $two i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $bv v128)
    (local.set $i (i32.const 0))
    (block $iend (loop $iloop
      (br_if $iend (i32.ge_u (local.get $i) (local.get $M4)))
      (local.set $j (local.get $j0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $two (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $n)))
        (local.set $s0 (v128.const i64x2 0 0))
        (local.set $s1 (v128.const i64x2 0 0))
        (local.set $s2 (v128.const i64x2 0 0))
        (local.set $s3 (v128.const i64x2 0 0))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sai))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $k (i32.const 0))
        (block $kend (loop $kloop
          (br_if $kend (i32.ge_u (local.get $k) (local.get $K)))
          (if (local.get $two)
            (then (local.set $bv (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $pb)))))
            (else (local.set $bv (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $pb))))))
          (local.set $s0 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s0)
            (f64x2.mul (f64x2.splat (f64.promote_f32 (f32.load (local.get $pa)))) (local.get $bv))))))
          (local.set $s1 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s1)
            (f64x2.mul (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $pa) (local.get $sai))))) (local.get $bv))))))
          (local.set $s2 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s2)
            (f64x2.mul (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $pa) (i32.shl (local.get $sai) (i32.const 1)))))) (local.get $bv))))))
          (local.set $s3 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s3)
            (f64x2.mul (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $pa) (i32.mul (local.get $sai) (i32.const 3)))))) (local.get $bv))))))
          (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
          (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $kloop)))
        (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
        (if (local.get $two)
          (then
            (v128.store64_lane 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s0)))
            (v128.store64_lane 0 (i32.add (local.get $pc) (local.get $ldc)) (f32x4.demote_f64x2_zero (local.get $s1)))
            (v128.store64_lane 0 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (f32x4.demote_f64x2_zero (local.get $s2)))
            (v128.store64_lane 0 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (f32x4.demote_f64x2_zero (local.get $s3))))
          (else
            (f32.store (local.get $pc) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $s0))))
            (f32.store (i32.add (local.get $pc) (local.get $ldc)) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $s1))))
            (f32.store (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $s2))))
            (f32.store (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $s3))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $jloop)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $iloop)))
  )

  (func (export "adamw")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32) (param $k i32)
    (local $i i32) (local $n2 i32) (local $o i32)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $dec v128) (local $ss v128)
    (local $sb v128) (local $eps v128) (local $gv v128) (local $mv v128) (local $vv v128)
    (local.set $b1 (v128.load64_splat offset=0 (local.get $k)))
    (local.set $c1 (v128.load64_splat offset=8 (local.get $k)))
    (local.set $b2 (v128.load64_splat offset=16 (local.get $k)))
    (local.set $c2 (v128.load64_splat offset=24 (local.get $k)))
    (local.set $dec (v128.load64_splat offset=32 (local.get $k)))
    (local.set $ss (v128.load64_splat offset=40 (local.get $k)))
    (local.set $sb (v128.load64_splat offset=48 (local.get $k)))
    (local.set $eps (v128.load64_splat offset=56 (local.get $k)))
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $i (i32.const 0))
    (block $end (loop $loop
      (br_if $end (i32.ge_u (local.get $i) (local.get $n2)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gv (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $o)))))
      (local.set $mv (f64x2.add
        (f64x2.mul (local.get $b1) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $o)))))
        (f64x2.mul (local.get $c1) (local.get $gv))))
      (local.set $vv (f64x2.add
        (f64x2.mul (local.get $b2) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $o)))))
        (f64x2.mul (f64x2.mul (local.get $c2) (local.get $gv)) (local.get $gv))))
      (v128.store64_lane 0 (i32.add (local.get $m) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $mv)))
      (v128.store64_lane 0 (i32.add (local.get $v) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $vv)))
      (v128.store64_lane 0 (i32.add (local.get $p) (local.get $o)) (f32x4.demote_f64x2_zero (f64x2.sub
        (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p) (local.get $o)))) (local.get $dec))
        (f64x2.mul (local.get $ss) (f64x2.div (local.get $mv)
          (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vv)) (local.get $sb)) (local.get $eps)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $loop)))
    (if (i32.lt_u (local.get $i) (local.get $n)) (then
      ;; the last parameter of an odd count: the same arithmetic in lane 0 (load32_zero reads only it)
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gv (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $g) (local.get $o)))))
      (local.set $mv (f64x2.add
        (f64x2.mul (local.get $b1) (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $m) (local.get $o)))))
        (f64x2.mul (local.get $c1) (local.get $gv))))
      (local.set $vv (f64x2.add
        (f64x2.mul (local.get $b2) (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $v) (local.get $o)))))
        (f64x2.mul (f64x2.mul (local.get $c2) (local.get $gv)) (local.get $gv))))
      (v128.store32_lane 0 (i32.add (local.get $m) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $mv)))
      (v128.store32_lane 0 (i32.add (local.get $v) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $vv)))
      (v128.store32_lane 0 (i32.add (local.get $p) (local.get $o)) (f32x4.demote_f64x2_zero (f64x2.sub
        (f64x2.mul (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p) (local.get $o)))) (local.get $dec))
        (f64x2.mul (local.get $ss) (f64x2.div (local.get $mv)
          (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vv)) (local.get $sb)) (local.get $eps)))))))))
  )

  (func (export "edge_block8")
    (param $a i32) (param $sai i32) (param $sak i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32) (param $j0 i32) (param $j1 i32) (param $K i32)
    (local $j i32) (local $k i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $av v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128) (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128) (local $s20 v128) (local $s21 v128) (local $s22 v128) (local $s23 v128) (local $s30 v128) (local $s31 v128) (local $s32 v128) (local $s33 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $j (local.get $j0))
    (block $jend (loop $jloop
      (br_if $jend (i32.ge_u (local.get $j) (local.get $j1)))
      (local.set $s00 (v128.const i64x2 0 0))
      (local.set $s01 (v128.const i64x2 0 0))
      (local.set $s02 (v128.const i64x2 0 0))
      (local.set $s03 (v128.const i64x2 0 0))
      (local.set $s10 (v128.const i64x2 0 0))
      (local.set $s11 (v128.const i64x2 0 0))
      (local.set $s12 (v128.const i64x2 0 0))
      (local.set $s13 (v128.const i64x2 0 0))
      (local.set $s20 (v128.const i64x2 0 0))
      (local.set $s21 (v128.const i64x2 0 0))
      (local.set $s22 (v128.const i64x2 0 0))
      (local.set $s23 (v128.const i64x2 0 0))
      (local.set $s30 (v128.const i64x2 0 0))
      (local.set $s31 (v128.const i64x2 0 0))
      (local.set $s32 (v128.const i64x2 0 0))
      (local.set $s33 (v128.const i64x2 0 0))
      (local.set $pa (local.get $a))
      (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $k (i32.const 0))
      (block $kend (loop $kloop
        (br_if $kend (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $b0 (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $pb))))
        (local.set $b1 (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $pb))))
        (local.set $b2 (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $pb))))
        (local.set $b3 (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $pb))))
        (local.set $av (f64x2.splat (f64.promote_f32 (f32.load (local.get $pa)))))
        (local.set $s00 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s00) (f64x2.mul (local.get $av) (local.get $b0))))))
        (local.set $s01 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s01) (f64x2.mul (local.get $av) (local.get $b1))))))
        (local.set $s02 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s02) (f64x2.mul (local.get $av) (local.get $b2))))))
        (local.set $s03 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s03) (f64x2.mul (local.get $av) (local.get $b3))))))
        (local.set $av (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $pa) (i32.mul (local.get $sai) (i32.const 1)))))))
        (local.set $s10 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s10) (f64x2.mul (local.get $av) (local.get $b0))))))
        (local.set $s11 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s11) (f64x2.mul (local.get $av) (local.get $b1))))))
        (local.set $s12 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s12) (f64x2.mul (local.get $av) (local.get $b2))))))
        (local.set $s13 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s13) (f64x2.mul (local.get $av) (local.get $b3))))))
        (local.set $av (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $pa) (i32.mul (local.get $sai) (i32.const 2)))))))
        (local.set $s20 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s20) (f64x2.mul (local.get $av) (local.get $b0))))))
        (local.set $s21 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s21) (f64x2.mul (local.get $av) (local.get $b1))))))
        (local.set $s22 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s22) (f64x2.mul (local.get $av) (local.get $b2))))))
        (local.set $s23 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s23) (f64x2.mul (local.get $av) (local.get $b3))))))
        (local.set $av (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $pa) (i32.mul (local.get $sai) (i32.const 3)))))))
        (local.set $s30 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s30) (f64x2.mul (local.get $av) (local.get $b0))))))
        (local.set $s31 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s31) (f64x2.mul (local.get $av) (local.get $b1))))))
        (local.set $s32 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s32) (f64x2.mul (local.get $av) (local.get $b2))))))
        (local.set $s33 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $s33) (f64x2.mul (local.get $av) (local.get $b3))))))
        (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
        (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kloop)))
      (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
      (v128.store64_lane offset=0 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s00)))
      (v128.store64_lane offset=8 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s01)))
      (v128.store64_lane offset=16 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s02)))
      (v128.store64_lane offset=24 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s03)))
      (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
      (v128.store64_lane offset=0 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s10)))
      (v128.store64_lane offset=8 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s11)))
      (v128.store64_lane offset=16 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s12)))
      (v128.store64_lane offset=24 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s13)))
      (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
      (v128.store64_lane offset=0 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s20)))
      (v128.store64_lane offset=8 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s21)))
      (v128.store64_lane offset=16 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s22)))
      (v128.store64_lane offset=24 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s23)))
      (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
      (v128.store64_lane offset=0 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s30)))
      (v128.store64_lane offset=8 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s31)))
      (v128.store64_lane offset=16 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s32)))
      (v128.store64_lane offset=24 0 (local.get $pc) (f32x4.demote_f64x2_zero (local.get $s33)))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $jloop)))
  )

  (func (export "transpose")
    (param $dst i32) (param $src i32) (param $N i32) (param $K i32) (param $ldb i32)
    (local $n i32) (local $k i32) (local $N4 i32) (local $K4 i32) (local $ps i32) (local $pd i32) (local $lb i32) (local $ln i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $N4 (i32.and (local.get $N) (i32.const -4)))
    (local.set $K4 (i32.and (local.get $K) (i32.const -4)))
    (local.set $lb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ln (i32.shl (local.get $N) (i32.const 2)))
    (local.set $n (i32.const 0))
    (block $nend (loop $nloop
      (br_if $nend (i32.ge_u (local.get $n) (local.get $N4)))
      (local.set $k (i32.const 0))
      (block $kend (loop $kloop
        (br_if $kend (i32.ge_u (local.get $k) (local.get $K4)))
        (local.set $ps (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $n) (local.get $ldb)) (local.get $k)) (i32.const 2))))
        (local.set $r0 (v128.load (local.get $ps)))
        (local.set $r1 (v128.load (i32.add (local.get $ps) (local.get $lb))))
        (local.set $r2 (v128.load (i32.add (local.get $ps) (i32.shl (local.get $lb) (i32.const 1)))))
        (local.set $r3 (v128.load (i32.add (local.get $ps) (i32.mul (local.get $lb) (i32.const 3)))))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
        (local.set $pd (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $N)) (local.get $n)) (i32.const 2))))
        (v128.store (local.get $pd) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $pd) (local.get $ln)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $pd) (i32.shl (local.get $ln) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (v128.store (i32.add (local.get $pd) (i32.mul (local.get $ln) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $kloop)))
      ;; this block of 4 rows, columns K4..K-1
      (block $k2end (loop $k2loop
        (br_if $k2end (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $pd (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $N)) (local.get $n)) (i32.const 2))))
        (local.set $ps (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $n) (local.get $ldb)) (local.get $k)) (i32.const 2))))
        (f32.store offset=0 (local.get $pd) (f32.load (local.get $ps)))
        (f32.store offset=4 (local.get $pd) (f32.load (i32.add (local.get $ps) (local.get $lb))))
        (f32.store offset=8 (local.get $pd) (f32.load (i32.add (local.get $ps) (i32.shl (local.get $lb) (i32.const 1)))))
        (f32.store offset=12 (local.get $pd) (f32.load (i32.add (local.get $ps) (i32.mul (local.get $lb) (i32.const 3)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $k2loop)))
      (local.set $n (i32.add (local.get $n) (i32.const 4)))
      (br $nloop)))
    ;; rows N4..N-1, every column
    (block $n3end (loop $n3loop
      (br_if $n3end (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $k (i32.const 0))
      (block $k3end (loop $k3loop
        (br_if $k3end (i32.ge_u (local.get $k) (local.get $K)))
        (f32.store (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $N)) (local.get $n)) (i32.const 2)))
          (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $n) (local.get $ldb)) (local.get $k)) (i32.const 2)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $k3loop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $n3loop)))
  )
)
