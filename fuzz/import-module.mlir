// The module lpbq-fuzz-import applies every input to: weights of each
// layout kind, named by NameLocs. fuzz/make-corpus.py exports its encodings
// (quantized with several options) as the seed corpus.
func.func @mlp(%x: tensor<2x16xf32>, %acc: tensor<2x8xf32>, %acc2: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %w1 = arith.constant dense<[[0.5, -0.25, 0.125, 1.0, -1.0, 0.75, 0.3, -0.6], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
                              [-0.5, 0.25, -0.125, -1.0, 1.0, -0.75, -0.3, 0.6], [0.9, -0.8, 0.7, -0.6, 0.5, -0.4, 0.3, -0.2],
                              [0.5, -0.25, 0.125, 1.0, -1.0, 0.75, 0.3, -0.6], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
                              [-0.5, 0.25, -0.125, -1.0, 1.0, -0.75, -0.3, 0.6], [0.9, -0.8, 0.7, -0.6, 0.5, -0.4, 0.3, -0.2],
                              [0.5, -0.25, 0.125, 1.0, -1.0, 0.75, 0.3, -0.6], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
                              [-0.5, 0.25, -0.125, -1.0, 1.0, -0.75, -0.3, 0.6], [0.9, -0.8, 0.7, -0.6, 0.5, -0.4, 0.3, -0.2],
                              [0.5, -0.25, 0.125, 1.0, -1.0, 0.75, 0.3, -0.6], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
                              [-0.5, 0.25, -0.125, -1.0, 1.0, -0.75, -0.3, 0.6], [0.9, -0.8, 0.7, -0.6, 0.5, -0.4, 0.3, -0.2]]> : tensor<16x8xf32> loc("fc1.weight")
  %0 = linalg.matmul ins(%x, %w1 : tensor<2x16xf32>, tensor<16x8xf32>) outs(%acc : tensor<2x8xf32>) -> tensor<2x8xf32>
  %w2 = arith.constant dense<0.25> : tensor<8x16xf32> loc("fc2.weight")
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w2 : tensor<2x16xf32>, tensor<8x16xf32>) outs(%acc2 : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<2x8xf32>
}
func.func @bmm(%x: tensor<2x3x8xf32>, %acc: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %w = arith.constant dense<[[[0.5, -0.5, 0.25, 1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4], [1.0, 2.0, 3.0, 4.0],
                              [0.5, -0.5, 0.25, 1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4], [1.0, 2.0, 3.0, 4.0]],
                             [[0.5, 0.5, 0.25, 1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4], [1.0, 2.0, 3.0, -4.0],
                              [0.5, -0.5, 0.25, 1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4], [1.0, 2.0, 3.0, 4.0]]]> : tensor<2x8x4xf32> loc("bmm.weight")
  %0 = linalg.batch_matmul ins(%x, %w : tensor<2x3x8xf32>, tensor<2x8x4xf32>) outs(%acc : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
func.func @conv(%x: tensor<1x4x4x8xf32>) -> tensor<1x3x3x2xf32> {
  %w = "tosa.const"() <{values = dense<0.125> : tensor<2x2x2x8xf32>}> : () -> tensor<2x2x2x8xf32> loc("conv.weight")
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x4x4x8xf32>, tensor<2x2x2x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}
