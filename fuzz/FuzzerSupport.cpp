//===- FuzzerSupport.cpp - Shared pieces of the MLIR fuzz targets ---------===//

#include "FuzzerSupport.h"

#include "mlir/IR/Diagnostics.h"

#include <cstdio>
#include <cstdlib>

using namespace mlir;

MLIRContext &lpbq_fuzz::ContextPool::get() {
  if (!context || uses++ >= period) {
    context.reset();
    context = std::make_unique<MLIRContext>(MLIRContext::Threading::DISABLED);
    context->getDiagEngine().registerHandler(
        [](Diagnostic &) { return success(); });
    // Diagnostics are dropped: do not print the op into each of them.
    context->printOpOnDiagnostic(false);
    init(*context);
    uses = 1;
  }
  return *context;
}

bool lpbq_fuzz::isBytecode(const uint8_t *data, size_t size) {
  return size >= 4 && data[0] == 'M' && data[1] == 'L' && data[2] == 0xef &&
         data[3] == 'R';
}

llvm::StringRef lpbq_fuzz::textInput(const uint8_t *data, size_t size,
                                     std::string &storage) {
  storage.assign(reinterpret_cast<const char *>(data), size);
  storage.push_back('\0');
  storage.push_back('\x01');
  return llvm::StringRef(storage.data(), size);
}

bool lpbq_fuzz::hasKnownUpstreamCrash(llvm::StringRef text) {
  for (llvm::StringRef key : {"permutation", "dimensions"}) {
    for (size_t pos = text.find(key); pos != llvm::StringRef::npos;
         pos = text.find(key, pos + 1)) {
      llvm::StringRef rest = text.drop_front(pos + key.size()).ltrim();
      if (!rest.consume_front("="))
        continue;
      // Anything but an integer list after `=` reaches the crash.
      rest = rest.ltrim();
      if (!rest.consume_front("["))
        return true;
      size_t end = rest.find(']');
      if (end == llvm::StringRef::npos)
        return true;
      llvm::StringRef list = rest.take_front(end);
      if (list.find_first_not_of("0123456789-, \t\n\r") !=
          llvm::StringRef::npos)
        return true;
    }
  }
  return false;
}

void lpbq_fuzz::fail(const char *message) {
  std::fprintf(stderr, "lpbq fuzz finding: %s\n", message);
  std::fflush(stderr);
  std::abort();
}

// Debian's libMLIR.so and libLLVM.so are not instrumented: LLVM's bump
// allocators poison their slabs in our (instrumented) inline code while the
// library's copies never unpoison them, so user poisoning is off. Leaks are
// reported (libFuzzer's -detect_leaks is on by default).
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
