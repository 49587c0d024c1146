package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/notify"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/web"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--demo]", stderr)
	demo := fs.Bool("demo", false, "load the demo data first if the database is empty")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		st = st.WithHasher(store.NewHasher(store.HashConfig{Workers: e.cfg.HashWorkers, Wait: e.cfg.HashWait}))
		if *demo {
			if err := seedIfEmpty(ctx, st, e, stdout); err != nil {
				return err
			}
		}
		zone, _ := e.cfg.Zone()
		cat, err := i18n.New()
		if err != nil {
			return err
		}
		h, err := web.New(web.Config{
			Store: st, Catalog: cat, Logger: e.log, Zone: zone, Now: e.now, BaseURL: e.cfg.BaseURL,
			SecureCookies:   secureCookies(e.cfg.SecureCookies, e.cfg.Addr),
			IdleTimeout:     e.cfg.IdleTimeout,
			AbsoluteTimeout: e.cfg.AbsoluteTimeout,
			TrustedProxies:  e.cfg.TrustedProxies,
			RequestTimeout:  e.cfg.RequestTimeout,
			ExportTimeout:   e.cfg.ExportTimeout,
			MaxFileSize:     int64(e.cfg.MaxFileMB) << 20,

			LoginFailuresPerAccount: e.cfg.LoginFailuresPerAccount,
			LoginFailuresPerAddress: e.cfg.LoginFailuresPerAddress,
			LoginWindow:             e.cfg.LoginWindow,
		})
		if err != nil {
			return err
		}
		// The sender delivers the outbox and writes the day's reminders, beside every other
		// server's: the outbox and the reminders' unique keys keep each mail single.
		sender := notify.New(notify.Config{
			Store: st.WithClock(e.now), Catalog: cat, Logger: e.log, Zone: zone,
			SMTP: notify.SMTP{Host: e.cfg.SMTPHost, Port: e.cfg.SMTPPort, Username: e.cfg.SMTPUsername,
				Password: e.cfg.SMTPPassword, TLS: e.cfg.SMTPTLS},
			From: e.cfg.MailFrom, BaseURL: e.cfg.BaseURL, Poll: e.cfg.MailPoll,
			Retry: store.Retry{Base: e.cfg.MailRetry},
		})
		if e.cfg.SMTPHost == "" {
			e.log.Info("no SMTP server configured (PLENARY_SMTP_HOST): mails are written to the log")
		}
		senderCtx, stopSender := context.WithCancel(ctx)
		senderDone := make(chan struct{})
		go func() { defer close(senderDone); sender.Run(senderCtx) }()
		defer func() { stopSender(); <-senderDone }()

		ln, err := net.Listen("tcp", e.cfg.Addr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", e.cfg.Addr, err)
		}
		fmt.Fprintf(stdout, "Plenary is serving on http://%s/\n", ln.Addr())
		served := make(chan error, 1)
		go func() { served <- h.App().Listener(ln) }()
		select {
		case err := <-served:
			return err
		case <-ctx.Done():
		}
		e.log.Info("shutting down: letting in-flight requests finish")
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := h.Shutdown(sctx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
		return <-served
	})
}

// secureCookies decides the cookies' Secure flag: on, unless switched off or, in "auto",
// served on a loopback address over plain HTTP.
func secureCookies(setting, addr string) bool {
	switch setting {
	case "true":
		return true
	case "false":
		return false
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return true
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// seedIfEmpty loads the demo data when the database has no user yet, and prints the
// demo logins.
func seedIfEmpty(ctx context.Context, st *store.Store, e *env, stdout io.Writer) error {
	empty, err := database.IsEmpty(ctx, e.db)
	if err != nil || !empty {
		return err
	}
	accounts, err := seed.Demo(ctx, st, e.cfg.DemoPassword)
	if err != nil {
		return err
	}
	printAccounts(stdout, accounts, e.cfg.DemoPassword == "")
	return nil
}

func printAccounts(w io.Writer, a *seed.Accounts, random bool) {
	fmt.Fprintln(w, "Demo data loaded. Demo logins:")
	for _, l := range a.Logins {
		fmt.Fprintf(w, "  %-28s %s\n", l.Email, l.Note)
	}
	if random {
		fmt.Fprintf(w, "Password of every demo login (shown only now): %s\n", a.Password)
	} else {
		fmt.Fprintln(w, "Password of every demo login: the value of PLENARY_DEMO_PASSWORD")
	}
}
