// Package config reads Plenary's configuration from the environment, so that the same
// binary runs on a laptop, in CI and behind a load balancer without editing files.
package config

import (
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// Config is every setting Plenary reads. The README's configuration table lists them.
type Config struct {
	DatabaseURL     string        `env:"DATABASE_URL"`
	Addr            string        `env:"PLENARY_ADDR" envDefault:"127.0.0.1:8080"`
	DataDir         string        `env:"PLENARY_DATA_DIR" envDefault:"./.data"`
	DemoPassword    string        `env:"PLENARY_DEMO_PASSWORD"`
	TimeZone        string        `env:"PLENARY_TIMEZONE" envDefault:"Asia/Seoul"`
	SecureCookies   string        `env:"PLENARY_SECURE_COOKIES" envDefault:"auto"`
	LogLevel        string        `env:"PLENARY_LOG_LEVEL" envDefault:"info"`
	IdleTimeout     time.Duration `env:"PLENARY_IDLE_TIMEOUT" envDefault:"2h"`
	AbsoluteTimeout time.Duration `env:"PLENARY_ABSOLUTE_TIMEOUT" envDefault:"12h"`
	TrustedProxies  []string      `env:"PLENARY_TRUSTED_PROXIES" envSeparator:","`

	// Failed logins allowed within LoginWindow: per account (the e-mail typed, from any
	// address) and per client address (across accounts). Correct logins never count.
	LoginFailuresPerAccount int           `env:"PLENARY_LOGIN_FAILURES_PER_ACCOUNT" envDefault:"5"`
	LoginFailuresPerAddress int           `env:"PLENARY_LOGIN_FAILURES_PER_ADDRESS"`
	LoginWindow             time.Duration `env:"PLENARY_LOGIN_WINDOW" envDefault:"15m"`
	// LoginAttempts is the former name of LoginFailuresPerAddress, still read when the
	// new one is not set.
	LoginAttempts int `env:"PLENARY_LOGIN_ATTEMPTS"`

	// Password hashing: at most HashWorkers hashes at once (0: one per core), each
	// waiting at most HashWait for a worker before the request is answered "busy".
	HashWorkers int           `env:"PLENARY_HASH_WORKERS" envDefault:"0"`
	HashWait    time.Duration `env:"PLENARY_HASH_WAIT" envDefault:"30s"`

	// RequestTimeout bounds every request; ExportTimeout those that build or read whole
	// workbooks (packs, the tracker, imports). StatementTimeout bounds each database
	// statement; unset, it is a little longer than RequestTimeout, so that the request's
	// own deadline normally ends a slow query first.
	RequestTimeout   time.Duration `env:"PLENARY_REQUEST_TIMEOUT" envDefault:"30s"`
	ExportTimeout    time.Duration `env:"PLENARY_EXPORT_TIMEOUT" envDefault:"5m"`
	StatementTimeout time.Duration `env:"PLENARY_STATEMENT_TIMEOUT"`

	// Mail. Without SMTPHost, mails are written to the log and kept in the outbox.
	SMTPHost     string `env:"PLENARY_SMTP_HOST"`
	SMTPPort     int    `env:"PLENARY_SMTP_PORT" envDefault:"587"`
	SMTPUsername string `env:"PLENARY_SMTP_USERNAME"`
	SMTPPassword string `env:"PLENARY_SMTP_PASSWORD"`
	SMTPTLS      string `env:"PLENARY_SMTP_TLS" envDefault:"starttls"`
	MailFrom     string `env:"PLENARY_MAIL_FROM" envDefault:"plenary@localhost"`
	// BaseURL is the address the links in mails point to.
	BaseURL string `env:"PLENARY_BASE_URL" envDefault:"http://127.0.0.1:8080"`
	// MailPoll is how often a server looks for mail to send and reminders to write;
	// MailRetry is the wait after a first failed delivery, doubled after each further one.
	MailPoll  time.Duration `env:"PLENARY_MAIL_POLL" envDefault:"10s"`
	MailRetry time.Duration `env:"PLENARY_MAIL_RETRY" envDefault:"1m"`

	// MaxFileMB is the largest file, in megabytes, that may be attached to an item, a
	// brief or a consultation.
	MaxFileMB int `env:"PLENARY_MAX_FILE_MB" envDefault:"25"`
}

// defaultLoginFailuresPerAddress is high enough for an office behind one address.
const defaultLoginFailuresPerAddress = 50

// statementMargin is how much longer than a request a statement may run by default: time
// for the request's own cancellation to reach the server first.
const statementMargin = 5 * time.Second

// Load reads the environment and checks what it read.
func Load() (*Config, error) {
	var c Config
	if err := env.Parse(&c); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if _, err := c.Zone(); err != nil {
		return nil, err
	}
	if _, err := c.Level(); err != nil {
		return nil, err
	}
	switch c.SecureCookies {
	case "auto", "true", "false":
	default:
		return nil, fmt.Errorf("config: PLENARY_SECURE_COOKIES must be auto, true or false, not %q", c.SecureCookies)
	}
	if c.LoginFailuresPerAddress == 0 {
		c.LoginFailuresPerAddress = c.LoginAttempts
	}
	if c.LoginFailuresPerAddress == 0 {
		c.LoginFailuresPerAddress = defaultLoginFailuresPerAddress
	}
	switch {
	case c.LoginFailuresPerAccount < 1:
		return nil, fmt.Errorf("config: PLENARY_LOGIN_FAILURES_PER_ACCOUNT must be at least 1")
	case c.LoginFailuresPerAddress < 1:
		return nil, fmt.Errorf("config: PLENARY_LOGIN_FAILURES_PER_ADDRESS must be at least 1")
	case c.LoginWindow < time.Minute:
		return nil, fmt.Errorf("config: PLENARY_LOGIN_WINDOW must be at least 1m")
	case c.HashWorkers < 0:
		return nil, fmt.Errorf("config: PLENARY_HASH_WORKERS must be 0 (one per core) or more")
	case c.HashWait <= 0:
		return nil, fmt.Errorf("config: PLENARY_HASH_WAIT must be positive")
	}
	if c.DemoPassword != "" {
		if err := domain.CheckPassword("password", c.DemoPassword, ""); err != nil {
			cat, cerr := i18n.New()
			if cerr != nil {
				return nil, cerr
			}
			msg := cat.For("en").Message(domain.ErrorFields(err)["password"])
			return nil, fmt.Errorf("config: PLENARY_DEMO_PASSWORD: %s", msg)
		}
	}
	if c.RequestTimeout <= 0 {
		return nil, fmt.Errorf("config: PLENARY_REQUEST_TIMEOUT must be positive, e.g. 30s")
	}
	if c.ExportTimeout < c.RequestTimeout {
		return nil, fmt.Errorf("config: PLENARY_EXPORT_TIMEOUT (%s) must be at least PLENARY_REQUEST_TIMEOUT (%s)", c.ExportTimeout, c.RequestTimeout)
	}
	if c.StatementTimeout < 0 {
		return nil, fmt.Errorf("config: PLENARY_STATEMENT_TIMEOUT must not be negative")
	}
	switch c.SMTPTLS {
	case "none", "starttls", "tls":
	default:
		return nil, fmt.Errorf("config: PLENARY_SMTP_TLS must be none, starttls or tls, not %q", c.SMTPTLS)
	}
	if c.SMTPPort < 1 || c.SMTPPort > 65535 {
		return nil, fmt.Errorf("config: PLENARY_SMTP_PORT must be a port number, not %d", c.SMTPPort)
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return nil, fmt.Errorf("config: PLENARY_MAIL_FROM %q is not an e-mail address", c.MailFrom)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("config: PLENARY_BASE_URL must be an http or https address, e.g. https://plenary.example.org")
	}
	if c.MailPoll <= 0 || c.MailRetry <= 0 {
		return nil, fmt.Errorf("config: PLENARY_MAIL_POLL and PLENARY_MAIL_RETRY must be positive")
	}
	if c.StatementTimeout == 0 {
		c.StatementTimeout = c.RequestTimeout + statementMargin
	}
	if c.MaxFileMB < 1 || c.MaxFileMB > 1024 {
		return nil, fmt.Errorf("config: PLENARY_MAX_FILE_MB must be between 1 and 1024, not %d", c.MaxFileMB)
	}
	return &c, nil
}

// Zone returns the time zone in which dates and deadlines are read (Asia/Seoul unless
// configured otherwise).
func (c *Config) Zone() (*time.Location, error) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("config: PLENARY_TIMEZONE %q: %w", c.TimeZone, err)
	}
	return loc, nil
}

// Level returns the log level.
func (c *Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("config: PLENARY_LOG_LEVEL %q: use debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}
