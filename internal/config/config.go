// Package config reads Plenary's configuration from the environment, so that the same
// binary runs on a laptop, in CI and behind a load balancer without editing files.
package config

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/caarlos0/env/v11"
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
	LoginAttempts   int           `env:"PLENARY_LOGIN_ATTEMPTS" envDefault:"10"`
	TrustedProxies  []string      `env:"PLENARY_TRUSTED_PROXIES" envSeparator:","`

	// RequestTimeout bounds every request; ExportTimeout those that build or read whole
	// workbooks (packs, the tracker, imports). StatementTimeout bounds each database
	// statement; unset, it is a little longer than RequestTimeout, so that the request's
	// own deadline normally ends a slow query first.
	RequestTimeout   time.Duration `env:"PLENARY_REQUEST_TIMEOUT" envDefault:"30s"`
	ExportTimeout    time.Duration `env:"PLENARY_EXPORT_TIMEOUT" envDefault:"5m"`
	StatementTimeout time.Duration `env:"PLENARY_STATEMENT_TIMEOUT"`
}

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
	if c.LoginAttempts < 1 {
		return nil, fmt.Errorf("config: PLENARY_LOGIN_ATTEMPTS must be at least 1")
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
	if c.StatementTimeout == 0 {
		c.StatementTimeout = c.RequestTimeout + statementMargin
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
