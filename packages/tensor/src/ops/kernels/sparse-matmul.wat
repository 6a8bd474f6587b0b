;; Sparse x dense products for a constant input stored in CSR form (row pointers, column indices,
;; values), written by hand in WebAssembly SIMD: tfjs has no sparse kernel, and the book's glyph
;; images are 90% zeros, so skipping them does a tenth of the multiply-adds of a dense product.
;; Regenerate the embedded bytes after a change: pnpm --filter @typeflow/tensor build:kernels
;; All pointers are byte offsets into the exported memory; matrices are row-major float32.
(module
  (memory (export "memory") 1)

  ;; out[i, :] = bias + sum over p in row sel[i] of vals[p] * b[colidx[p], :]
  ;; x [*, k] sparse, sel [m] the rows of x to multiply (int32), b [k, n], bias [n], out [m, n]. Columns go 32 at a time (8 vectors kept in
  ;; registers across the row's nonzeros), then 4 at a time, then one at a time.
  (func (export "spmm")
    (param $m i32) (param $n i32) (param $sel i32) (param $rowptr i32) (param $colidx i32) (param $vals i32)
    (param $b i32) (param $bias i32) (param $out i32)
    (local $i i32) (local $r i32) (local $c i32) (local $p i32) (local $start i32) (local $end i32)
    (local $rowBytes i32) (local $o i32) (local $row i32) (local $v v128) (local $s f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $r (i32.add (local.get $rowptr) (i32.shl
          (i32.load (i32.add (local.get $sel) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
        (local.set $start (i32.load (local.get $r)))
        (local.set $end (i32.load offset=4 (local.get $r)))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $c (i32.const 0))
        (block $wideDone
          (loop $wide
            (br_if $wideDone (i32.gt_u (i32.add (local.get $c) (i32.const 32)) (local.get $n)))
            (local.set $a0 (v128.load offset=0 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a1 (v128.load offset=16 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a2 (v128.load offset=32 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a3 (v128.load offset=48 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a4 (v128.load offset=64 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a5 (v128.load offset=80 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a6 (v128.load offset=96 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a7 (v128.load offset=112 align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $p (local.get $start))
            (block $nzDone
              (loop $nz
                (br_if $nzDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $v (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $p) (i32.const 2))))))
                (local.set $row (i32.add (local.get $b) (i32.add
                  (i32.mul (i32.load (i32.add (local.get $colidx) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))
                  (i32.shl (local.get $c) (i32.const 2)))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $v) (v128.load offset=0 align=4 (local.get $row)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $v) (v128.load offset=16 align=4 (local.get $row)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $v) (v128.load offset=32 align=4 (local.get $row)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $v) (v128.load offset=48 align=4 (local.get $row)))))
                (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $v) (v128.load offset=64 align=4 (local.get $row)))))
                (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $v) (v128.load offset=80 align=4 (local.get $row)))))
                (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $v) (v128.load offset=96 align=4 (local.get $row)))))
                (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $v) (v128.load offset=112 align=4 (local.get $row)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $nz)))
            (v128.store offset=0 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a0))
            (v128.store offset=16 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a1))
            (v128.store offset=32 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a2))
            (v128.store offset=48 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a3))
            (v128.store offset=64 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a4))
            (v128.store offset=80 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a5))
            (v128.store offset=96 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a6))
            (v128.store offset=112 align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a7))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $wide)))
        (block $narrowDone
          (loop $narrow
            (br_if $narrowDone (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $n)))
            (local.set $a0 (v128.load align=4 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $p (local.get $start))
            (block $nzDone
              (loop $nz
                (br_if $nzDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $row (i32.add (local.get $b) (i32.add
                  (i32.mul (i32.load (i32.add (local.get $colidx) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))
                  (i32.shl (local.get $c) (i32.const 2)))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
                  (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $p) (i32.const 2)))))
                  (v128.load align=4 (local.get $row)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $nz)))
            (v128.store align=4 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $a0))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $narrow)))
        (block $singleDone
          (loop $single
            (br_if $singleDone (i32.ge_u (local.get $c) (local.get $n)))
            (local.set $s (f32.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $p (local.get $start))
            (block $nzDone
              (loop $nz
                (br_if $nzDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $s (f32.add (local.get $s) (f32.mul
                  (f32.load (i32.add (local.get $vals) (i32.shl (local.get $p) (i32.const 2))))
                  (f32.load (i32.add (local.get $b) (i32.add
                    (i32.mul (i32.load (i32.add (local.get $colidx) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))
                    (i32.shl (local.get $c) (i32.const 2))))))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $nz)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (local.get $s))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $single)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out = x[sel]^T g: out [k, n] starts at zero; for each i and each nonzero (j, v) of row sel[i] of x,
  ;; out[j, :] += v * g[i, :]. Rows in order, so every entry of out is summed in the same order on every run.
  (func (export "spmmT")
    (param $m i32) (param $n i32) (param $k i32) (param $sel i32) (param $rowptr i32) (param $colidx i32) (param $vals i32)
    (param $g i32) (param $out i32)
    (local $i i32) (local $r i32) (local $c i32) (local $p i32) (local $start i32) (local $end i32)
    (local $rowBytes i32) (local $gi i32) (local $dst i32) (local $v v128) (local $s f32)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128) (local $g4 v128) (local $g5 v128) (local $g6 v128) (local $g7 v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $k) (local.get $rowBytes)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $r (i32.add (local.get $rowptr) (i32.shl
          (i32.load (i32.add (local.get $sel) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
        (local.set $start (i32.load (local.get $r)))
        (local.set $end (i32.load offset=4 (local.get $r)))
        (local.set $gi (i32.add (local.get $g) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $c (i32.const 0))
        (block $wideDone
          (loop $wide
            (br_if $wideDone (i32.gt_u (i32.add (local.get $c) (i32.const 32)) (local.get $n)))
            (local.set $g0 (v128.load offset=0 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g1 (v128.load offset=16 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g2 (v128.load offset=32 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g3 (v128.load offset=48 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g4 (v128.load offset=64 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g5 (v128.load offset=80 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g6 (v128.load offset=96 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g7 (v128.load offset=112 align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $p (local.get $start))
            (block $nzDone
              (loop $nz
                (br_if $nzDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $v (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $p) (i32.const 2))))))
                (local.set $dst (i32.add (local.get $out) (i32.add
                  (i32.mul (i32.load (i32.add (local.get $colidx) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))
                  (i32.shl (local.get $c) (i32.const 2)))))
                (v128.store offset=0 align=4 (local.get $dst) (f32x4.add (v128.load offset=0 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g0))))
                (v128.store offset=16 align=4 (local.get $dst) (f32x4.add (v128.load offset=16 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g1))))
                (v128.store offset=32 align=4 (local.get $dst) (f32x4.add (v128.load offset=32 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g2))))
                (v128.store offset=48 align=4 (local.get $dst) (f32x4.add (v128.load offset=48 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g3))))
                (v128.store offset=64 align=4 (local.get $dst) (f32x4.add (v128.load offset=64 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g4))))
                (v128.store offset=80 align=4 (local.get $dst) (f32x4.add (v128.load offset=80 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g5))))
                (v128.store offset=96 align=4 (local.get $dst) (f32x4.add (v128.load offset=96 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g6))))
                (v128.store offset=112 align=4 (local.get $dst) (f32x4.add (v128.load offset=112 align=4 (local.get $dst)) (f32x4.mul (local.get $v) (local.get $g7))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $nz)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $wide)))
        (block $narrowDone
          (loop $narrow
            (br_if $narrowDone (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $n)))
            (local.set $g0 (v128.load align=4 (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $p (local.get $start))
            (block $nzDone
              (loop $nz
                (br_if $nzDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $dst (i32.add (local.get $out) (i32.add
                  (i32.mul (i32.load (i32.add (local.get $colidx) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))
                  (i32.shl (local.get $c) (i32.const 2)))))
                (v128.store align=4 (local.get $dst) (f32x4.add (v128.load align=4 (local.get $dst)) (f32x4.mul
                  (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $p) (i32.const 2)))))
                  (local.get $g0))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $nz)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $narrow)))
        (block $singleDone
          (loop $single
            (br_if $singleDone (i32.ge_u (local.get $c) (local.get $n)))
            (local.set $s (f32.load (i32.add (local.get $gi) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $p (local.get $start))
            (block $nzDone
              (loop $nz
                (br_if $nzDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $dst (i32.add (local.get $out) (i32.add
                  (i32.mul (i32.load (i32.add (local.get $colidx) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))
                  (i32.shl (local.get $c) (i32.const 2)))))
                (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.mul
                  (f32.load (i32.add (local.get $vals) (i32.shl (local.get $p) (i32.const 2))))
                  (local.get $s))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $nz)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $single)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
