//===- InitAll.h - Register everything lpbq provides ------------*- C++ -*-===//
//
// The one entry point for embedders: lpbq-opt, the C API and examples/ call
// these to get the lpbq dialect, its passes and pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef LPBQ_INITALL_H
#define LPBQ_INITALL_H

namespace mlir {
class DialectRegistry;
namespace lpbq {

/// Adds the lpbq dialect to the registry.
void registerAllLPBQDialects(DialectRegistry &registry);

/// Registers every lpbq pass and pipeline with the global pass registry.
void registerAllLPBQPasses();

/// Adds lpbq plus every upstream dialect and extension that lpbq-opt's
/// inputs and lowerings need.
void registerAllLPBQAndUpstreamDialects(DialectRegistry &registry);

} // namespace lpbq
} // namespace mlir

#endif // LPBQ_INITALL_H
