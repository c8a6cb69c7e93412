# The README's two entry points. Each installs what is missing, configures, builds and runs.
#   make demo   benchmark the built-in demo model on the best device present (CUDA if usable, else the CPU)
#   make test   run the whole test suite (GPU tests are skipped, with a message, where there is no GPU)
# PRESET picks the CMake preset: ci under CI (warnings are errors), cuda when a CUDA toolkit is installed, else cpu.

NVCC := $(wildcard /usr/local/cuda/bin/nvcc)
ifeq ($(CI),true)
PRESET ?= ci
else ifneq ($(NVCC),)
PRESET ?= cuda
else
PRESET ?= cpu
endif
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)

.PHONY: demo test build configure deps clean

# The demo builds only the binary and its backend plugins (the `inferbench` target depends on them), not the
# test suite (docs/results/2026-12-03-build-time.md).
demo: configure
	cmake --build --preset $(PRESET) -j $(JOBS) --target inferbench
	$(BUILD_DIR)/bin/inferbench run --demo

test: build
	ctest --preset $(PRESET) -j $(JOBS)

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

configure: deps
	cmake --preset $(PRESET)

deps:
	scripts/install-deps.sh

clean:
	rm -rf build
