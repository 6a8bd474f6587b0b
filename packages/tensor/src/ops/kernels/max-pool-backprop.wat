;; maxPool's gradient for windows that tile the image (strides = window size, every window whole),
;; written by hand in WebAssembly SIMD, 4 channels at a time, on the tfjs wasm backend's own memory
;; (imported, so nothing is copied): the backend's MaxPoolGrad kernel is wrong for all-negative
;; windows, and routes built from tfjs ops are 10x slower (see max-pool-backprop.ts).
;; Regenerate the embedded bytes after a change: pnpm --filter @typeflow/tensor build:kernels
;; Pointers are byte offsets into the memory; tensors are float32 [batch, height, width, channels].
(module
  (import "tfjs" "memory" (memory 1))

  ;; For each window and each group of 4 channels: find the first maximum in row-major order (a
  ;; later tap wins only if strictly greater), then write dy there and 0 on the window's other taps.
  ;; $rowBytes: one input row (width * channels * 4); $images: input rows per image (height);
  ;; windows are $kh x $kw taps; $rowsOut x $colsOut windows per image.
  (func (export "tiled")
    (param $dy i32) (param $x i32) (param $dx i32) (param $batch i32) (param $rowsOut i32) (param $colsOut i32)
    (param $kh i32) (param $kw i32) (param $channels i32) (param $rowBytes i32) (param $imageBytes i32)
    (local $b i32) (local $i i32) (local $j i32) (local $c i32) (local $di i32) (local $dj i32)
    (local $tap i32) (local $window i32) (local $at i32) (local $pixelBytes i32)
    (local $best v128) (local $index v128) (local $v v128) (local $more v128) (local $g v128)
    (local.set $pixelBytes (i32.shl (local.get $channels) (i32.const 2)))
    (loop $images
      (local.set $i (i32.const 0))
      (loop $rows
        (local.set $j (i32.const 0))
        (loop $cols
          ;; the window's first tap: image b, row i * kh, column j * kw
          (local.set $window (i32.add (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $imageBytes)))
            (i32.add (i32.mul (i32.mul (local.get $i) (local.get $kh)) (local.get $rowBytes))
                     (i32.mul (i32.mul (local.get $j) (local.get $kw)) (local.get $pixelBytes)))))
          (local.set $c (i32.const 0))
          (loop $groups
            (local.set $best (v128.load align=4 (i32.add (local.get $window) (local.get $c))))
            (local.set $index (i32x4.splat (i32.const 0)))
            (local.set $tap (i32.const 0))
            (local.set $di (i32.const 0))
            (loop $tapRows
              (local.set $dj (i32.const 0))
              (loop $tapCols
                (local.set $v (v128.load align=4 (i32.add (i32.add (local.get $window) (local.get $c))
                  (i32.add (i32.mul (local.get $di) (local.get $rowBytes)) (i32.mul (local.get $dj) (local.get $pixelBytes))))))
                (local.set $more (f32x4.gt (local.get $v) (local.get $best)))
                (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $more)))
                (local.set $index (v128.bitselect (i32x4.splat (local.get $tap)) (local.get $index) (local.get $more)))
                (local.set $tap (i32.add (local.get $tap) (i32.const 1)))
                (br_if $tapCols (i32.lt_u (local.tee $dj (i32.add (local.get $dj) (i32.const 1))) (local.get $kw))))
              (br_if $tapRows (i32.lt_u (local.tee $di (i32.add (local.get $di) (i32.const 1))) (local.get $kh))))
            (local.set $g (v128.load align=4 (local.get $dy)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            ;; write every tap: g where the index matches, else 0
            (local.set $tap (i32.const 0))
            (local.set $di (i32.const 0))
            (loop $outRows
              (local.set $dj (i32.const 0))
              (loop $outCols
                (local.set $at (i32.add (i32.add (i32.sub (local.get $window) (local.get $x)) (local.get $c))
                  (i32.add (i32.mul (local.get $di) (local.get $rowBytes)) (i32.mul (local.get $dj) (local.get $pixelBytes)))))
                (v128.store align=4 (i32.add (local.get $dx) (local.get $at))
                  (v128.and (local.get $g) (i32x4.eq (local.get $index) (i32x4.splat (local.get $tap)))))
                (local.set $tap (i32.add (local.get $tap) (i32.const 1)))
                (br_if $outCols (i32.lt_u (local.tee $dj (i32.add (local.get $dj) (i32.const 1))) (local.get $kw))))
              (br_if $outRows (i32.lt_u (local.tee $di (i32.add (local.get $di) (i32.const 1))) (local.get $kh))))
            (br_if $groups (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $pixelBytes))))
          (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $colsOut))))
        (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $rowsOut))))
      (br_if $images (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $batch))))))
