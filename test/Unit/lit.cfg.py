# -*- Python -*- lit configuration of the gtest unit tests: every test case
# of every executable named *Tests under <build>/unittests is one lit test.

import os

import lit.formats

config.name = "LPBQ-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.lpbq_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
