package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/store"
)

// SMTP is the mail server to send through. A zero Host means none: mails are written to
// the log and kept in the outbox as logged.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      string // "none", "starttls" or "tls"
	// Timeout bounds one delivery, connection included; 30 seconds when zero.
	Timeout time.Duration
}

// Config is what a Sender needs.
type Config struct {
	Store   *store.Store
	Catalog *i18n.Catalog
	Logger  *slog.Logger
	Zone    *time.Location // reminders are for days in this zone
	SMTP    SMTP
	From    string // the sender's address
	BaseURL string // what links point to
	Poll    time.Duration
	// Retry says when a failed delivery is tried again; Base is one minute, Max six
	// hours and Attempts eight when zero.
	Retry store.Retry
}

// Sender delivers the outbox and writes the reminders, in every `plenary serve`.
type Sender struct {
	cfg     Config
	lastDay string // the last day this sender wrote reminders for
}

// New returns a sender.
func New(cfg Config) *Sender {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 10 * time.Second
	}
	if cfg.Retry.Base <= 0 {
		cfg.Retry.Base = time.Minute
	}
	if cfg.Retry.Max <= 0 {
		cfg.Retry.Max = max(6*time.Hour, cfg.Retry.Base)
	}
	if cfg.Retry.Attempts <= 0 {
		cfg.Retry.Attempts = 8
	}
	if cfg.SMTP.Timeout <= 0 {
		cfg.SMTP.Timeout = 30 * time.Second
	}
	return &Sender{cfg: cfg}
}

// Run writes reminders and delivers mail every Poll until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		if err := s.Reminders(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Logger.Error("writing reminders", "err", err)
		}
		if _, err := s.Flush(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Logger.Error("sending mail", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Reminders writes today's reminders, once a day per sender (and, through the store's
// unique index, once a day whatever the number of senders).
func (s *Sender) Reminders(ctx context.Context) error {
	day := domain.Today(s.cfg.Store.Now(), s.cfg.Zone).Format(time.DateOnly)
	if day == s.lastDay {
		return nil
	}
	n, err := s.cfg.Store.ProduceReminders(ctx, s.cfg.Zone)
	if err != nil {
		return err
	}
	s.lastDay = day
	if n > 0 {
		s.cfg.Logger.Info("reminders written", "day", day, "count", n)
	}
	return nil
}

// Flush delivers every mail due now, one at a time, and returns how many it claimed.
func (s *Sender) Flush(ctx context.Context) (int, error) {
	claimed := 0
	for ctx.Err() == nil {
		ok, err := s.cfg.Store.DeliverNext(ctx, s.cfg.Retry, s.deliver)
		if err != nil {
			return claimed, err
		}
		if !ok {
			return claimed, nil
		}
		claimed++
	}
	return claimed, ctx.Err()
}

// deliver sends one mail, or writes it to the log when no SMTP server is configured.
func (s *Sender) deliver(ctx context.Context, m *domain.Mail, n *domain.Notification) (domain.OutboxStatus, error) {
	msg, err := Render(s.cfg.Catalog.For(m.Lang), s.cfg.BaseURL, n)
	if err != nil {
		return "", err
	}
	if s.cfg.SMTP.Host == "" {
		s.cfg.Logger.Info("mail (no SMTP server configured)", "outbox_id", m.ID, "to", m.To,
			"subject", msg.Subject, "text", msg.Text)
		return domain.MailLogged, nil
	}
	mm := mail.NewMsg()
	if err := mm.From(s.cfg.From); err != nil {
		return "", fmt.Errorf("from: %w", err)
	}
	if err := mm.To(m.To); err != nil {
		return "", fmt.Errorf("to: %w", err)
	}
	mm.Subject(msg.Subject)
	// One Message-ID per outbox row: should a delivery ever be repeated (a server that
	// stops between the SMTP server's yes and the commit), mail programs see one mail.
	mm.SetMessageIDWithValue(fmt.Sprintf("outbox-%d@%s", m.ID, messageDomain(s.cfg.From)))
	mm.SetDateWithValue(s.cfg.Store.Now())
	mm.SetBodyString(mail.TypeTextPlain, msg.Text)
	mm.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	c, err := s.client()
	if err != nil {
		return "", err
	}
	sctx, cancel := context.WithTimeout(ctx, s.cfg.SMTP.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(sctx, mm); err != nil {
		return "", err
	}
	return domain.MailSent, nil
}

func (s *Sender) client() (*mail.Client, error) {
	c := s.cfg.SMTP
	opts := []mail.Option{mail.WithPort(c.Port), mail.WithTimeout(c.Timeout)}
	switch c.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if c.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	cl, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, errors.Join(errors.New("notify: smtp client"), err)
	}
	return cl, nil
}

// messageDomain is the domain of the sender's address, for Message-IDs.
func messageDomain(from string) string {
	if _, d, ok := strings.Cut(from, "@"); ok {
		return strings.Trim(d, "> ")
	}
	return "plenary"
}
