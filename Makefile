# Plenary: `make run` to try it, `make test` to check it. See README.md.

BIN := bin/plenary
GO  ?= go

.PHONY: all build run test lint vet fmt clean postgres load pack-process book-process

all: build

build:
	$(GO) build -o $(BIN) ./cmd/plenary

# Builds, starts the private PostgreSQL cluster (unless DATABASE_URL is set), migrates,
# loads the demo data into an empty database and serves.
run: build postgres
	./$(BIN) serve --demo

# The whole suite against a real PostgreSQL that the tests start themselves. go test
# starts the packages' tests in the order it is given them, and ./... alone would start
# the longest, the web package's, last of all: the slowest packages are named first so
# that the others fill in around them.
SLOWTESTS := ./internal/web ./cmd/plenary ./internal/store ./internal/importer ./internal/pgcluster

test: lint postgres
	$(GO) test -race -count=1 -timeout 30m $(SLOWTESTS) ./...

# staticcheck at a fixed version (2026.2.2), fetched and built by the Go toolchain on
# first use: the same checks on every machine, whatever is installed.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint:
	$(GO) vet ./...
	test -z "$$(gofmt -l cmd internal views migrations exports)" || { gofmt -l cmd internal views migrations exports; exit 1; }
	$(GO) run $(STATICCHECK) ./...

# Puts Plenary under load on loopback: a private cluster in a temporary folder, a
# synthetic session of 500 items, 200 users of every role for 60 s. LOAD adds flags,
# e.g. make load LOAD="-users 32 -think 0 -mix agenda=1 -duration 30s".
load: build postgres
	$(GO) run ./cmd/plenaryload -bin $(BIN) $(LOAD)

# `plenary export pack` of a 1,000- and a 10,000-item session against a bare StreamWriter
# dump of the same cells, both as whole processes (time and peak memory, median of 5).
pack-process: build postgres
	BIN=$(BIN) bash exports/baseline/measure.sh

# The briefing book of sessions of 100, 500 and 2,000 items as whole processes: wall time
# and peak resident memory of plenary export book.
book-process: build postgres
	BOOK=1 SIZES="100 500 2000" BIN=$(BIN) bash exports/baseline/measure.sh

fmt:
	gofmt -w cmd internal views migrations exports

clean:
	rm -rf bin

# Makes sure PostgreSQL's server binaries are on this machine when no DATABASE_URL is
# given: installs them with apt-get when it can, and otherwise says what to install.
postgres:
	@if [ -n "$$DATABASE_URL" ] && [ -z "$$TEST_DATABASE_URL" ] && [ "$(MAKECMDGOALS)" = "run" ]; then exit 0; fi; \
	if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "PostgreSQL server binaries not found: installing them with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; \
	else \
		echo "PostgreSQL server binaries not found. Install them (Debian/Ubuntu: sudo apt-get install postgresql;"; \
		echo "macOS: brew install postgresql) or set DATABASE_URL to an existing database."; \
		exit 1; \
	fi
