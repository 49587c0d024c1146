package config

import (
	"testing"
	"time"
)

func TestTimeouts(t *testing.T) {
	tests := []struct {
		name                       string
		env                        map[string]string
		request, export, statement time.Duration
		ok                         bool
	}{
		{"Defaults", nil, 30 * time.Second, 5 * time.Minute, 35 * time.Second, true},
		{"StatementFollowsRequest", map[string]string{"PLENARY_REQUEST_TIMEOUT": "1m"}, time.Minute, 5 * time.Minute, 65 * time.Second, true},
		{"StatementSet", map[string]string{"PLENARY_STATEMENT_TIMEOUT": "10s"}, 30 * time.Second, 5 * time.Minute, 10 * time.Second, true},
		{"ErrRequestZero", map[string]string{"PLENARY_REQUEST_TIMEOUT": "0s"}, 0, 0, 0, false},
		{"ErrExportShorter", map[string]string{"PLENARY_REQUEST_TIMEOUT": "2m", "PLENARY_EXPORT_TIMEOUT": "1m"}, 0, 0, 0, false},
		{"ErrStatementNegative", map[string]string{"PLENARY_STATEMENT_TIMEOUT": "-1s"}, 0, 0, 0, false},
		{"ErrNotADuration", map[string]string{"PLENARY_REQUEST_TIMEOUT": "30"}, 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"PLENARY_REQUEST_TIMEOUT", "PLENARY_EXPORT_TIMEOUT", "PLENARY_STATEMENT_TIMEOUT"} {
				t.Setenv(k, tt.env[k])
			}
			c, err := Load()
			if got, want := err == nil, tt.ok; got != want {
				t.Fatalf("error %v, want ok %v", err, want)
			}
			if err != nil {
				return
			}
			if c.RequestTimeout != tt.request || c.ExportTimeout != tt.export || c.StatementTimeout != tt.statement {
				t.Errorf("timeouts %s, %s, %s; want %s, %s, %s", c.RequestTimeout, c.ExportTimeout, c.StatementTimeout,
					tt.request, tt.export, tt.statement)
			}
		})
	}
}
