// Command plenaryload puts Plenary under the load of a crowd of users: it starts the
// built binary on loopback with a private PostgreSQL cluster in a temporary folder and a
// scaled synthetic session, logs in users of every role, has them read and write for a
// while, and prints throughput, latency per kind of request and every error. It exits
// with status 1 when any request failed. `make load` runs it with 200 users for 60 s.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kncu/plenary/internal/loadtest"
)

func main() {
	var o loadtest.Options
	flag.StringVar(&o.Binary, "bin", "bin/plenary", "the plenary binary to start")
	flag.IntVar(&o.Users, "users", 200, "users logged in at once, of every role")
	flag.DurationVar(&o.Duration, "duration", 60*time.Second, "length of the steady phase")
	flag.IntVar(&o.MaxRequests, "requests", 200000, "the steady phase also ends after this many requests")
	flag.IntVar(&o.Items, "scale", 500, "agenda items of the synthetic session")
	// A person reads a page for a few seconds before the next click; -think 1s is a
	// crowd in a hurry, -think 0 a benchmark.
	flag.DurationVar(&o.Think, "think", 5*time.Second, "mean pause of a user between two actions (0: none)")
	flag.IntVar(&o.Logins, "logins", 2, "logins at once while the users log in")
	flag.BoolVar(&o.Keep, "keep", false, "keep the temporary data folder")
	mix := flag.String("mix", "", `kinds of request and their weights for every user, e.g. "agenda=1" (default: a mix per role)`)
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: plenaryload [flags]")
		flag.PrintDefaults()
	}
	flag.Parse()
	var err error
	if o.Mix, err = loadtest.ParseMix(*mix); err != nil || flag.NArg() > 0 || o.Users < 4 || o.Duration <= 0 {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := loadtest.Run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "plenaryload:", err)
		os.Exit(1)
	}
}
