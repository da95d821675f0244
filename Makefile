# Sabot's entry points. `make demo` and `make test` work on a fresh Debian 12.
.PHONY: all deps build demo test test-tsan bench bench-nexmark fuzz format clean help

JOBS ?= $(shell nproc)
SABOT := build/release/bin/sabot

all: build

help:
	@echo "make demo   - install deps, build (release), run the demo job"
	@echo "make test   - install deps, build (ASan+UBSan), run every test"
	@echo "make build  - build the release preset: $(SABOT)"
	@echo "make bench  - build and run the benchmarks (release)"
	@echo "make bench-nexmark - build (release), run every Nexmark query Sabot runs, append the table to bench/RESULTS.md"
	@echo "make fuzz   - build the libFuzzer targets with clang and fuzz for a minute each"
	@echo "make deps   - install the Debian and npm packages the build needs"

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

demo: build
	$(SABOT) demo

test: deps
	cmake --preset asan-ubsan >/dev/null
	cmake --build --preset asan-ubsan -j $(JOBS)
	ctest --preset asan-ubsan -j $(JOBS)

test-tsan: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan -j $(JOBS) -L unit

bench: build
	scripts/run-benchmarks.sh build/release/bench

bench-nexmark: deps
	JOBS=$(JOBS) scripts/bench-nexmark.sh

fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	scripts/run-fuzzers.sh build/fuzz/fuzz 60

format:
	git ls-files '*.h' '*.cpp' | xargs clang-format -i

clean:
	rm -rf build
