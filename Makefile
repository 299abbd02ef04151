# Thin wrapper around CMake: `make play` and `make test` are all a newcomer needs.
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Empty: the library of bundled routines; `make play ROUTINE=routines/desk-break.yaml` plays one.
ROUTINE ?=

.PHONY: all deps deps-arm64 configure build play test test-arm64 sanitize fuzz fuzz-bundle campaign \
	clean

all: build

# The packages .ci/packages.txt lists (what building, playing and the tests need).
deps:
	@sh .ci/deps.sh

# The arm64 cross build's (.ci/packages-arm64.txt, about 250 MB): only `make test` needs them.
deps-arm64:
	@sh .ci/deps-arm64.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

configure: $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

play: deps build
	$(BUILD)/limber $(ROUTINE)

test: deps deps-arm64 build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Only the arm64 cross build and its tests under QEMU (also part of `make test`).
test-arm64: deps deps-arm64 build
	cd $(BUILD) && ctest --output-on-failure -L arm64

# The suite again under AddressSanitizer + UndefinedBehaviorSanitizer (what CI runs after `make test`).
sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLIMBER_SANITIZE=ON -DLIMBER_WERROR=ON
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

# libFuzzer target for the routine loader (clang); not part of `make test`.
fuzz: deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DLIMBER_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzz_routine

# libFuzzer target for the bundle reader; `make fuzz-bundle` builds it, then run e.g.
#   build-fuzz/tests/fuzz/fuzz_bundle -dict=tests/fuzz/bundle.dict -max_total_time=900 CORPUS
fuzz-bundle: deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DLIMBER_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzz_bundle

# The mutated-media campaign (issue 17): 540 damaged clips of six codecs and containers played
# and a third exported under the sanitizer build, with a fixed seed; tens of minutes, not part
# of `make test`. Results in build-campaign/results.json.
campaign: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLIMBER_SANITIZE=ON -DLIMBER_WERROR=ON
	cmake --build build-asan -j $(JOBS) --target limber
	python3 tests/fuzz/media_campaign.py build-asan/limber build-campaign

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-campaign
