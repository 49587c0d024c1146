package testtool

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// MailServer is a real SMTP server on loopback that keeps every mail it accepts, for
// tests of what Plenary sends. It can refuse deliveries, as a server that is down or
// overloaded does.
type MailServer struct {
	Host string
	Port int

	mu       sync.Mutex
	mails    []Mail
	refuse   int // deliveries still to refuse
	attempts int // deliveries tried, refused ones included
	delay    time.Duration
}

// Mail is one mail the server accepted, decoded.
type Mail struct {
	From      string
	To        []string
	MessageID string
	Subject   string
	Text      string // the text/plain part
	HTML      string // the text/html part
	Raw       []byte
}

// NewMailServer starts a mail server on a free loopback port, stopped at the end of the
// test.
func NewMailServer(tb testing.TB) *MailServer {
	tb.Helper()
	m := &MailServer{}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{m: m}, nil }))
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mail server: %v", err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	m.Host, m.Port = "127.0.0.1", addr.Port
	go func() { _ = s.Serve(ln) }()
	tb.Cleanup(func() { _ = s.Close() })
	return m
}

// RefuseNext makes the server refuse the next n deliveries with a temporary error.
func (m *MailServer) RefuseNext(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.refuse = n
}

// SlowDown makes each delivery take d, as a distant server's does: senders running at
// once then overlap.
func (m *MailServer) SlowDown(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.delay = d
}

// Mails returns the mails accepted so far, in the order they came.
func (m *MailServer) Mails() []Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Mail(nil), m.mails...)
}

// Attempts returns how many deliveries were tried, refused ones included.
func (m *MailServer) Attempts() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.attempts
}

// Reset forgets the mails accepted so far.
func (m *MailServer) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mails, m.attempts = nil, 0
}

type mailSession struct {
	m    *MailServer
	from string
	to   []string
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.m.mu.Lock()
	delay := s.m.delay
	s.m.mu.Unlock()
	time.Sleep(delay)
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.attempts++
	if s.m.refuse > 0 {
		s.m.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	got, err := decodeMail(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	got.From, got.To = s.from, s.to
	s.m.mails = append(s.m.mails, *got)
	return nil
}

// decodeMail reads a mail as a mail program would: the subject decoded, and the text and
// HTML parts decoded from their transfer encodings.
func decodeMail(raw []byte) (*Mail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	out := &Mail{Subject: subject, MessageID: msg.Header.Get("Message-Id"), Raw: raw}
	err = readPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, out)
	return out, err
}

func readPart(contentType, encoding string, body io.Reader, out *Mail) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			// multipart.Reader removes a quoted-printable encoding itself.
			if err := readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, out); err != nil {
				return err
			}
		}
	}
	if strings.EqualFold(encoding, "base64") {
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		out.Text += string(b)
	case "text/html":
		out.HTML += string(b)
	}
	return nil
}
