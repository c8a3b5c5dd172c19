# The two commands: `make run` and `make test`. See README.md.
BUILD ?= build
JOBS  ?= $(shell nproc)
DEMO  ?= $(BUILD)/demo/demo.samsyn

.PHONY: all bootstrap configure build app run test bench bench-live bench-app clean

all: build

bootstrap:
	@scripts/bootstrap

configure: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# Only what `make run` needs (not the tests and benchmarks): the first run is ~3x quicker.
app: configure
	@cmake --build $(BUILD) -j $(JOBS) --target samsyn-cli samsyn -- --no-print-directory

# Build a demo project from corpus/ and open it.
run: app
	@scripts/make_demo $(BUILD) $(DEMO)
	@scripts/open_demo $(BUILD) $(DEMO)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@SAMSYN_BENCH=1 scripts/bootstrap
	@bench/run_bench.sh $(BUILD) $(SIZE)

# The live core: open, view models, commands and undo on 1,000 documents / 50,000 quotes.
bench-live: build
	@bench/run_live_bench.sh $(BUILD)

# The desktop app: UI CPU and raster per frame, the 300 kB Reader, search and coding keys.
bench-app: build
	@bench/run_app_bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)
