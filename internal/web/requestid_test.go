package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/web"
)

// serverID is the form of the ids Plenary gives requests itself.
var serverID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestRequestID checks that the id a request carries into the logs and the audit log is
// the server's own, unless a trusted proxy passed on a short, plain one. The requests of
// fiber's test transport come from 0.0.0.0.
func TestRequestID(t *testing.T) {
	t.Parallel()
	db, _ := testdb.NewDemo(t)
	const proxy = "0.0.0.0"
	tests := []struct {
		name     string
		trusted  []string
		incoming string
		honoured bool
	}{
		{"UntrustedLong", nil, strings.Repeat("x", 2000), false},
		{"UntrustedOdd", nil, `'); DELETE FROM audit_log; -- <script>`, false},
		{"UntrustedPlain", nil, "edge-1234", false},
		{"OtherProxyPlain", []string{"10.1.2.3", "192.168.0.0/16"}, "edge-1234", false},
		{"TrustedPlain", []string{proxy}, "edge-1234.a_B", true},
		{"TrustedRangePlain", []string{"0.0.0.0/8"}, "1-67891233-abcdef012345678912345678", true},
		{"TrustedLongest", []string{proxy}, strings.Repeat("a", 64), true},
		{"TrustedTooLong", []string{proxy}, strings.Repeat("a", 65), false},
		{"TrustedSlash", []string{proxy}, "a/b", false},
		{"TrustedSpace", []string{proxy}, "a b", false},
		{"TrustedHangul", []string{proxy}, "요청-1", false},
		{"TrustedNone", []string{proxy}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newAppOn(t, db, func(cfg *web.Config) { cfg.TrustedProxies = tt.trusted })
			c := app.client()
			if tt.incoming != "" {
				c.header.Set("X-Request-Id", tt.incoming)
			}
			c.login(staffEmail)

			resp, _ := c.get("/sessions")
			got := resp.Header.Get("X-Request-Id")
			if tt.honoured {
				if got != tt.incoming {
					t.Errorf("X-Request-Id %q, want the proxy's %q", got, tt.incoming)
				}
			} else if !serverID.MatchString(got) {
				t.Errorf("X-Request-Id %q, want an id of the server's own", got)
			}

			var last string
			if err := db.NewRaw("SELECT request_id FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1").
				Scan(context.Background(), &last); err != nil {
				t.Fatal(err)
			}
			if tt.honoured {
				if last != tt.incoming {
					t.Errorf("audit log holds request id %q, want the proxy's %q", last, tt.incoming)
				}
			} else if !serverID.MatchString(last) {
				t.Errorf("audit log holds request id %q, want an id of the server's own", last)
			}
			if !tt.honoured && tt.incoming != "" {
				if n := app.count("audit_log", "request_id = ?", tt.incoming); n != 0 {
					t.Errorf("%d audit rows hold the client's id", n)
				}
			}
		})
	}

	t.Run("EveryRequestItsOwn", func(t *testing.T) {
		c := newAppOn(t, db).client()
		seen := map[string]bool{}
		for range 20 {
			resp, _ := c.get("/login")
			rid := resp.Header.Get("X-Request-Id")
			if seen[rid] {
				t.Fatalf("request id %q given twice", rid)
			}
			seen[rid] = true
		}
	})
}

// TestRequestIDOnErrorPage checks that the reference shown on an error page is the id in
// the logs, not text a client chose.
func TestRequestIDOnErrorPage(t *testing.T) {
	t.Parallel()
	c := emptyApp(t).client()
	c.header.Set("X-Request-Id", "<b>chosen</b>")
	resp, body := c.get("/no/such/page")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d, want 404", resp.StatusCode)
	}
	if strings.Contains(body, "chosen") {
		t.Error("the error page shows the client's request id")
	}
	if rid := resp.Header.Get("X-Request-Id"); !strings.Contains(body, rid) {
		t.Errorf("the error page lacks the request id %q", rid)
	}
}
