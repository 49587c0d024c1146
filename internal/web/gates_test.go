package web_test

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/web"
)

// publicRoutes are the only routes that need no login. A route added to this list is a
// decision to show something to anyone on the internet.
var publicRoutes = []string{
	"GET /healthz", "HEAD /healthz", "GET /readyz", "HEAD /readyz", "USE /static",
	"GET /login", "HEAD /login", "POST /login", "POST /logout", "POST /lang",
	"GET /calendar/:secret.ics", "HEAD /calendar/:secret.ics", // calendar programs cannot log in
}

// TestEveryRouteHasGate walks every route of the application and fails for one that was
// registered without declaring the action it requires, or that declares to be public
// without being on the list of public routes.
func TestEveryRouteHasGate(t *testing.T) {
	t.Parallel()
	app := emptyApp(t)
	gates := app.H.Gates()
	routes := app.H.App().GetRoutes(true)
	if len(routes) == 0 {
		t.Fatal("no routes")
	}
	var ungated []string
	methods := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		methods[key] = true
		if _, ok := gates[key]; !ok {
			ungated = append(ungated, key)
		}
	}
	// Middleware mounted under a prefix (assets, the administration pages) answers for
	// every path below it: it declares a gate too. Middleware of the whole application
	// ("/") answers nothing of its own.
	for _, r := range app.H.App().GetRoutes(false) {
		key := r.Method + " " + r.Path
		if r.Path == "/" || methods[key] {
			continue
		}
		if _, ok := gates["USE "+r.Path]; !ok && !slices.Contains(ungated, "USE "+r.Path) {
			ungated = append(ungated, "USE "+r.Path)
		}
	}
	sort.Strings(ungated)
	if len(ungated) > 0 {
		t.Errorf("routes registered without a gate (register them in routes.go with the action they require):\n  %s",
			strings.Join(ungated, "\n  "))
	}

	t.Run("PublicOnlyWhereListed", func(t *testing.T) {
		for key, act := range gates {
			if act == web.Public && !slices.Contains(publicRoutes, key) {
				t.Errorf("%s is public, but not on the list of public routes", key)
			}
		}
		for _, key := range publicRoutes {
			if act, ok := gates[key]; !ok || act != web.Public {
				t.Errorf("%s: gate %q, want public", key, act)
			}
		}
	})
	t.Run("HeadAsGet", func(t *testing.T) {
		for key, act := range gates {
			if path, ok := strings.CutPrefix(key, http.MethodHead+" "); ok && gates[http.MethodGet+" "+path] != act {
				t.Errorf("%s: gate %q, GET's %q", key, act, gates[http.MethodGet+" "+path])
			}
		}
	})
	t.Run("AdminGroupGated", func(t *testing.T) {
		if got, want := gates["USE /admin"], policy.Administer; got != want {
			t.Errorf("the administration pages' group gate is %q, want %q", got, want)
		}
		for key := range gates {
			if _, path, _ := strings.Cut(key, " "); strings.HasPrefix(path, "/admin/") && !policy.Can(&domain.User{Role: domain.RoleAdmin}, gates[key]) {
				t.Errorf("%s: gate %q is not an administrator's", key, gates[key])
			}
		}
	})
}
