;; Adam's update of every parameter in one pass over a flat state (values p, first moments m, second
;; moments v, gradients g: four float32 arrays of `count` entries, 16-byte aligned), in the same order
;; of float32 operations as Adam written with tensor ops, so the results are bit for bit the same:
;;   m = m b1 + g c1; v = v b2 + (g g) c2; p = p - ((m / k1) / (sqrt(v / k2) + eps)) lr
;; (c1 = 1 - b1, c2 = 1 - b2, k1 = 1 - b1^t, k2 = 1 - b2^t, computed by the caller).
;; Regenerate the embedded bytes after a change: pnpm --filter @typeflow/tensor build:kernels
(module
  (memory (export "memory") 1)

  (func (export "adam")
    (param $count i32) (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $k1 f32) (param $k2 f32)
    (param $eps f32) (param $lr f32)
    (local $i i32) (local $end i32) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $K1 v128) (local $K2 v128)
    (local $EPS v128) (local $LR v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $K1 (f32x4.splat (local.get $k1)))
    (local.set $K2 (f32x4.splat (local.get $k2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $LR (f32x4.splat (local.get $lr)))
    ;; Byte offsets: 4 entries (16 bytes) at a time, then one at a time.
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $gi (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $B1))
          (f32x4.mul (local.get $gi) (local.get $C1))))
        (local.set $vi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $C2))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mi))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vi))
        (v128.store (i32.add (local.get $p) (local.get $i)) (f32x4.sub
          (v128.load (i32.add (local.get $p) (local.get $i)))
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $mi) (local.get $K1))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vi) (local.get $K2))) (local.get $EPS)))
            (local.get $LR))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (block $singlesDone
      (loop $singles
        (br_if $singlesDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $m) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $v) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $p) (local.get $i)) (f32.sub
          (f32.load (i32.add (local.get $p) (local.get $i)))
          (f32.mul
            (f32.div
              (f32.div (local.get $ms) (local.get $k1))
              (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $k2))) (local.get $eps)))
            (local.get $lr))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $singles)))))
