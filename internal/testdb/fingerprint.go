package testdb

import (
	"context"
	"fmt"
	"testing"

	"github.com/uptrace/bun"
)

// Fingerprint describes everything a backup must carry over, so two databases
// can be compared: for every table of the public schema, its row count and a
// hash of all its rows; for every sequence, its position; and one hash of the
// schema (columns, constraints, indexes, triggers and functions), without
// owners and grants, which a restore under another user changes.
func Fingerprint(tb testing.TB, db *bun.DB) map[string]string {
	tb.Helper()
	ctx := context.Background()
	out := map[string]string{}
	var tables []string
	err := db.NewRaw(`SELECT quote_ident(relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`).Scan(ctx, &tables)
	if err != nil {
		tb.Fatalf("testdb: list tables: %v", err)
	}
	for _, t := range tables {
		var n int
		var hash string
		// Rows in the order of their text form: the same rows give the same
		// hash whatever order they are stored in.
		q := fmt.Sprintf(`SELECT count(*), md5(coalesce(string_agg(x.r, E'\n' ORDER BY x.r), ''))
			FROM (SELECT t::text AS r FROM public.%s t) x`, t)
		if err := db.NewRaw(q).Scan(ctx, &n, &hash); err != nil {
			tb.Fatalf("testdb: fingerprint %s: %v", t, err)
		}
		out["table "+t] = fmt.Sprintf("%d rows, %s", n, hash)
	}
	var seqs []struct {
		Name  string
		Value string
	}
	err = db.NewRaw(`SELECT sequencename AS name, coalesce(last_value::text, 'unused') AS value
		FROM pg_sequences WHERE schemaname = 'public'`).Scan(ctx, &seqs)
	if err != nil {
		tb.Fatalf("testdb: sequences: %v", err)
	}
	for _, s := range seqs {
		out["sequence "+s.Name] = s.Value
	}
	var schema string
	err = db.NewRaw(`SELECT md5(string_agg(d, E'\n' ORDER BY d)) FROM (
		SELECT format('column %s.%s %s %s %s', c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default) AS d
		  FROM information_schema.columns c WHERE c.table_schema = 'public'
		UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
		UNION ALL SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid))
		  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
		UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
		UNION ALL SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p
		  WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
		    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
	) s`).Scan(ctx, &schema)
	if err != nil {
		tb.Fatalf("testdb: schema: %v", err)
	}
	out["schema"] = schema
	return out
}
