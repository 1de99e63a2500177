// RUN: lpbq-opt %s | FileCheck %s
// lpbq-opt registers every dialect its inputs and lowerings use.

// CHECK-LABEL: func.func @all_dialects
func.func @all_dialects(%a: tensor<2x3xf32>, %m: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<2x3xf32>
  // CHECK: linalg.copy
  %0 = linalg.copy ins(%a : tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: tosa.abs
  %1 = tosa.abs %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: math.exp
  %2 = math.exp %1 : tensor<2x3xf32>
  // CHECK: vector.load
  %v = vector.load %m[%c0] : memref<4xf32>, vector<4xf32>
  // CHECK: scf.for
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    // CHECK: affine.load
    %x = affine.load %m[0] : memref<4xf32>
  }
  // CHECK: bufferization.to_tensor
  %t = bufferization.to_tensor %m : memref<4xf32> to tensor<4xf32>
  // CHECK: quant.qcast
  %q = quant.qcast %a : tensor<2x3xf32> to tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  // CHECK: cf.br
  cf.br ^bb1
^bb1:
  // CHECK: llvm.mlir.zero
  %z = llvm.mlir.zero : !llvm.ptr
  return
}
