package views

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFocusRingContrast reads the colours of app.css and checks that every focus ring
// stands out at least 3:1 from what it sits on (WCAG 1.4.11, non-text contrast): the
// page's white cards and grey background, and the blue header.
func TestFocusRingContrast(t *testing.T) {
	b, err := Static.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b`).FindAllStringSubmatch(css, -1) {
		hex := m[2]
		if len(hex) == 3 {
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
		}
		vars[m[1]] = "#" + hex
	}
	for _, rule := range []string{
		`:focus-visible { outline: 3px solid var(--focus);`,
		`.top :focus-visible, .skip:focus-visible { outline-color: var(--focus-on-accent); }`,
		`.top { `, `background: var(--accent)`,
	} {
		if !strings.Contains(css, rule) {
			t.Errorf("app.css has no %q: the rings this test measures are not the ones drawn", rule)
		}
	}
	tests := []struct{ ring, on string }{
		{"focus", "card"},
		{"focus", "bg"},
		{"focus-on-accent", "accent"},
	}
	for _, tt := range tests {
		t.Run(tt.ring+"/"+tt.on, func(t *testing.T) {
			ring, on := vars[tt.ring], vars[tt.on]
			if ring == "" || on == "" {
				t.Fatalf("app.css does not define --%s and --%s", tt.ring, tt.on)
			}
			if got := contrast(ring, on); got < 3 {
				t.Errorf("--%s %s on --%s %s: contrast %.2f:1, want at least 3:1", tt.ring, ring, tt.on, on, got)
			}
		})
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// luminance is the relative luminance of a #rrggbb colour, as WCAG 2 defines it.
func luminance(hex string) float64 {
	var ch [3]float64
	for i := range ch {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			ch[i] = c / 12.92
		} else {
			ch[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2]
}
