package database_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// enumColumns says which list of values each column with a closed list of values holds.
// The domain's lists are the one definition; the migrations' CHECK constraints repeat
// them in SQL, and this test keeps the two equal.
var enumColumns = map[string][]string{
	"sessions.status":                  domain.SessionStatusEnum.Values,
	"agenda_items.status":              domain.ItemStatusEnum.Values,
	"agenda_items.priority":            domain.PriorityEnum.Values,
	"users.role":                       domain.RoleEnum.Values,
	"users.lang":                       i18n.Languages,
	"consultations.status":             domain.ConsultationStatusEnum.Values,
	"consultations.answer_source":      append([]string{""}, strs(domain.AnswerSources)...),
	"briefs.status":                    domain.BriefStatusEnum.Values,
	"brief_revisions.stance":           domain.StanceEnum.Values,
	"brief_events.action":              strs(domain.BriefEventSteps),
	"brief_reviews.verdict":            domain.VerdictEnum.Values,
	"delegation_members.role":          domain.MemberRoleEnum.Values,
	"delegation_members.accreditation": domain.AccreditationEnum.Values,
	"attendance.status":                domain.AttendanceStatusEnum.Values,
	"member_accreditations.honorific":  append([]string{""}, domain.HonorificEnum.Values...),
	"pending_uploads.kind":             strs(store.PendingKinds),
	"notifications.kind":               domain.NotificationKindEnum.Values,
	"notification_email_off.kind":      domain.NotificationKindEnum.Values,
	"outbox.status":                    domain.OutboxStatusEnum.Values,
	"outbox.lang":                      i18n.Languages,

	"files.kind":     strs(domain.FileKinds),
	"files.language": append([]string{""}, domain.DocLanguages...),
}

func strs[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// checkIn matches a CHECK constraint that limits one column to a list of values, as
// PostgreSQL prints `CHECK (col IN ('a', 'b'))` back.
var (
	checkIn   = regexp.MustCompile(`^CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\)$`)
	textValue = regexp.MustCompile(`'((?:[^']|'')*)'::text`)
)

// TestCheckConstraintsMatchDomainEnums reads every one-column CHECK of the migrated
// database that lists values and compares the values with the domain's list: a value
// added on one side only, or a new list with no domain definition, fails.
func TestCheckConstraintsMatchDomainEnums(t *testing.T) {
	db, _ := testdb.New(t)
	var rows []struct {
		Table string `bun:"tbl"`
		Def   string `bun:"def"`
	}
	err := db.NewRaw(`SELECT c.conrelid::regclass::text AS tbl, pg_get_constraintdef(c.oid) AS def
		FROM pg_constraint c
		WHERE c.contype = 'c' AND c.connamespace = 'public'::regnamespace AND cardinality(c.conkey) = 1
		ORDER BY 1, 2`).Scan(context.Background(), &rows)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		m := checkIn.FindStringSubmatch(r.Def)
		if m == nil {
			continue
		}
		col := r.Table + "." + m[1]
		var got []string
		for _, v := range textValue.FindAllStringSubmatch(m[2], -1) {
			got = append(got, strings.ReplaceAll(v[1], "''", "'"))
		}
		want, ok := enumColumns[col]
		if !ok {
			t.Errorf("%s: %s lists values the domain does not define: add its list to enumColumns", col, r.Def)
			continue
		}
		seen[col] = true
		// The order of a CHECK's list means nothing; the values must be the same.
		got, want = sorted(got), sorted(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the database allows %q, the domain lists %q", col, got, want)
		}
	}
	for col := range enumColumns {
		if !seen[col] {
			t.Errorf("%s: no CHECK constraint lists its values", col)
		}
	}
	if len(seen) < 10 {
		t.Errorf("found %d lists of values in the database: is the parsing broken?", len(seen))
	}
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}
