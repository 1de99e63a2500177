//===- LPBQ.h - LPBQ dialect ------------------------------------*- C++ -*-===//

#ifndef LPBQ_DIALECT_LPBQ_IR_LPBQ_H
#define LPBQ_DIALECT_LPBQ_IR_LPBQ_H

#include "lpbq/Core/Encoding.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "lpbq/Dialect/LPBQ/IR/LPBQOpsDialect.h.inc"

namespace mlir {
namespace lpbq {
FailureOr<SmallVector<int64_t>> parseAxisList(AsmParser &parser);
void printAxisList(AsmPrinter &printer, ArrayRef<int64_t> axes);
} // namespace lpbq
} // namespace mlir

#define GET_ATTRDEF_CLASSES
#include "lpbq/Dialect/LPBQ/IR/LPBQOpsAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "lpbq/Dialect/LPBQ/IR/LPBQOpsTypes.h.inc"

#define GET_OP_CLASSES
#include "lpbq/Dialect/LPBQ/IR/LPBQOps.h.inc"

namespace mlir {
namespace lpbq {

/// Raw bytes of a dense or dense_resource elements attribute. `splat` is set
/// when `bytes` holds a single element standing for all of them. Fails for
/// other attributes and for resources whose blob is not available.
struct RawElements {
  ArrayRef<char> bytes;
  bool splat = false;
};
FailureOr<RawElements> getRawElements(ElementsAttr attr);

/// Verifies the three payloads of a compressed weight against its type; the
/// shared check behind lpbq.constant's verifier and the passes that build
/// constants. Reports through `emitError`.
LogicalResult verifyWeightPayloads(function_ref<InFlightDiagnostic()> emitError,
                                   WeightType type, ElementsAttr values,
                                   ElementsAttr intScales, ElementsAttr scales);

/// Checks that the payload data of every lpbq.constant under `root` that
/// feeds an lpbq.dequantize can be read (see ConstantOp::checkPayloadData);
/// the lowerings call it before rewriting anything. Reports at the first
/// constant whose data is missing.
LogicalResult checkDequantizedPayloadData(Operation *root);

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_DIALECT_LPBQ_IR_LPBQ_H
