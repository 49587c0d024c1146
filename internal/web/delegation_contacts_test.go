package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testdb"
)

// TestDelegationContacts: the members of a delegation read the e-mail and phone of their
// head of delegation and colleagues on its page, with a note that they are shared with
// the delegation, and who covers which item by name. A liaison reads no contacts; a
// delegate of another session does not see the delegation at all.
func TestDelegationContacts(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ses := app.sessionID("226 EX")
	page := fmt.Sprintf("/sessions/%d/delegation", ses)
	const (
		headEmail = "jw.chung@mofa.example" // Chung Jae-won, Head of Delegation at 226 EX
		headPhone = "1 45 68 31 50"         // after the +, which the page writes as &#43;
	)
	if _, err := app.Store.CreateUser(context.Background(), domain.SystemActor("test"), domain.UserInput{
		Email: "ioc.delegate@plenary.example", Name: "Delegate Elsewhere", Role: "delegate", Password: testdb.Password}); err != nil {
		t.Fatal(err)
	}
	app.joinDelegation("ioc.delegate@plenary.example", "34 IOC")

	t.Run("MemberReadsContacts", func(t *testing.T) {
		c := app.client()
		c.login(delegateEmail) // Choi Minsu, on the 226 EX delegation
		resp, body := c.get(page)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{`href="mailto:` + headEmail + `"`, headPhone, en.T("delegations.contacts_shared")} {
			if !strings.Contains(body, want) {
				t.Errorf("the page does not show %q", want)
			}
		}
		// Who covers which item, by name: 5.I.A is covered by Seo and Oh (demo data).
		cov := body[strings.Index(body, `id="coverage-h"`):]
		if !strings.Contains(cov, ">5.I.A</strong>") {
			t.Fatal("the coverage does not list item 5.I.A")
		}
		row := cov[strings.Index(cov, ">5.I.A</strong>"):]
		row = row[:strings.Index(row, "</tr>")]
		for _, m := range app.itemMembers("226 EX", "5.I.A") {
			if !strings.Contains(row, m) {
				t.Errorf("item 5.I.A's row does not name %s:\n%s", m, row)
			}
		}
	})
	t.Run("ErrLiaisonReadsNoContacts", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		_, body := c.get(page)
		if strings.Contains(body, headEmail) || strings.Contains(body, "mailto:") || strings.Contains(body, en.T("delegations.contacts_shared")) {
			t.Error("a liaison reads the delegation's contacts")
		}
	})
	t.Run("ErrDelegateOfAnotherSession", func(t *testing.T) {
		c := app.client()
		c.login("ioc.delegate@plenary.example")
		resp, body := c.get(page)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
		if strings.Contains(body, headEmail) {
			t.Error("a delegate of another session reads the contacts")
		}
	})
}

// itemMembers returns the English names of the members who cover an item.
func (a *testApp) itemMembers(session, number string) []string {
	a.t.Helper()
	var names []string
	err := a.DB.NewSelect().TableExpr("coverage cv").ColumnExpr("p.name_en").
		Join("JOIN delegation_members dm ON dm.id = cv.member_id").Join("JOIN people p ON p.id = dm.person_id").
		Where("cv.item_id = ?", a.itemID(session, number)).Scan(context.Background(), &names)
	if err != nil || len(names) == 0 {
		a.t.Fatalf("members covering %s %s: %v (%d)", session, number, err, len(names))
	}
	return names
}
