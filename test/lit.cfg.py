# -*- Python -*- lit configuration of the lpbq test suite.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "LPBQ"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".py", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.lpbq_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
# Sanitizer builds (-DLPBQ_ENABLE_SANITIZERS=ON): Python is not instrumented,
# so it gets the shared ASan runtime preloaded to load the sanitized
# liblpbq-c.so, and no leak checking (the interpreter does not free
# everything at exit; lpbq-opt run from Python inherits this).
python = config.python_executable
if getattr(config, "lpbq_sanitizer_runtime", ""):
    asan_options = config.environment.get("ASAN_OPTIONS", "")
    python = "env LD_PRELOAD=%s ASAN_OPTIONS=%sdetect_leaks=0 %s" % (
        config.lpbq_sanitizer_runtime,
        asan_options + ":" if asan_options else "", python)
config.substitutions.append(("%python", python))
# A C compiler for test programs that link lpbq's libraries: plain `cc`,
# or in sanitizer builds the build's compiler with the sanitizer runtime
# (liblpbq-c.so then needs it loaded first).
cc = "cc"
if getattr(config, "lpbq_sanitizer_link_flags", ""):
    cc = "%s %s" % (config.c_compiler, config.lpbq_sanitizer_link_flags)
config.substitutions.append(("%cc", cc))
# The compiler lpbq was built with: consumers of its (possibly sanitized)
# static libraries are built with the same one.
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))
config.substitutions.append(("%lpbq_src_root", config.lpbq_src_root))
config.substitutions.append(("%lpbq_obj_root", config.lpbq_obj_root))
# MLIRConfig.cmake does not define MLIR_LIB_DIR, so the configured value can
# be empty: fall back to the library directory next to the LLVM tools
# (Debian: /usr/lib/llvm-22/lib, which holds the mlir-runner support libs).
if not getattr(config, "mlir_lib_dir", ""):
    config.mlir_lib_dir = os.path.normpath(
        os.path.join(config.llvm_tools_dir, os.pardir, "lib"))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))
config.substitutions.append(
    ("%lpbq_encode", os.path.join(config.lpbq_tools_dir, "lpbq-encode")))

llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()

# Python tests import the lpbq package from the source tree; numpy comes from
# Debian's python3-numpy, which serves /usr/bin/python3.
llvm_config.with_environment(
    "PYTHONPATH", os.path.join(config.lpbq_src_root, "python"), append_path=True)
llvm_config.with_environment("LPBQ_BUILD_DIR", config.lpbq_obj_root)

tool_dirs = [config.lpbq_tools_dir, config.llvm_tools_dir]
tools = ["lpbq-opt", "lpbq-encode", "lpbq-lsp-server", "mlir-opt", "mlir-runner", "mlir-translate",
         "FileCheck", "not", "count"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Pass statistics print only from LLVM builds with statistics (assertions);
# Debian's release build has neither, so such tests are UNSUPPORTED there.
import subprocess
try:
    mode = subprocess.run([os.path.join(config.llvm_tools_dir, "llvm-config"),
                           "--assertion-mode"], capture_output=True,
                          text=True).stdout.strip()
except OSError:
    mode = ""
if mode == "ON":
    config.available_features.add("asserts")
