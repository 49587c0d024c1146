package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/config"
)

func TestLoginSettings(t *testing.T) {
	tests := []struct {
		name             string
		env              map[string]string
		account, address int
		window           time.Duration
		hashWorkers      int
		hashWait         time.Duration
		errMentions      string
	}{
		{"Defaults", nil, 5, 50, 15 * time.Minute, 0, 30 * time.Second, ""},
		{"Set", map[string]string{"PLENARY_LOGIN_FAILURES_PER_ACCOUNT": "3", "PLENARY_LOGIN_FAILURES_PER_ADDRESS": "200",
			"PLENARY_LOGIN_WINDOW": "1h", "PLENARY_HASH_WORKERS": "4", "PLENARY_HASH_WAIT": "5s"}, 3, 200, time.Hour, 4, 5 * time.Second, ""},
		{"FormerName", map[string]string{"PLENARY_LOGIN_ATTEMPTS": "20"}, 5, 20, 15 * time.Minute, 0, 30 * time.Second, ""},
		{"NewNameWins", map[string]string{"PLENARY_LOGIN_ATTEMPTS": "20", "PLENARY_LOGIN_FAILURES_PER_ADDRESS": "80"}, 5, 80, 15 * time.Minute, 0, 30 * time.Second, ""},
		{"ErrAccountZero", map[string]string{"PLENARY_LOGIN_FAILURES_PER_ACCOUNT": "0"}, 0, 0, 0, 0, 0, "PLENARY_LOGIN_FAILURES_PER_ACCOUNT"},
		{"ErrWindow", map[string]string{"PLENARY_LOGIN_WINDOW": "10s"}, 0, 0, 0, 0, 0, "PLENARY_LOGIN_WINDOW"},
		{"ErrHashWorkers", map[string]string{"PLENARY_HASH_WORKERS": "-1"}, 0, 0, 0, 0, 0, "PLENARY_HASH_WORKERS"},
		{"ErrDemoPasswordShort", map[string]string{"PLENARY_DEMO_PASSWORD": "비밀번호"}, 0, 0, 0, 0, 0, "at least 12 characters"},
		{"ErrDemoPasswordCommon", map[string]string{"PLENARY_DEMO_PASSWORD": "Password1234"}, 0, 0, 0, 0, 0, "most common"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := config.Load()
			if tt.errMentions != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errMentions) {
					t.Fatalf("Load() error %v, want one mentioning %q", err, tt.errMentions)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.LoginFailuresPerAccount != tt.account || c.LoginFailuresPerAddress != tt.address || c.LoginWindow != tt.window {
				t.Errorf("login limits %d per account, %d per address, window %v; want %d, %d, %v",
					c.LoginFailuresPerAccount, c.LoginFailuresPerAddress, c.LoginWindow, tt.account, tt.address, tt.window)
			}
			if c.HashWorkers != tt.hashWorkers || c.HashWait != tt.hashWait {
				t.Errorf("hashing %d workers, wait %v; want %d, %v", c.HashWorkers, c.HashWait, tt.hashWorkers, tt.hashWait)
			}
		})
	}
}
