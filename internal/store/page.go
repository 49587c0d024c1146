package store

import (
	"context"

	"github.com/uptrace/bun"
)

// scanPage reads one page of q into rows, limit rows from offset (all of them when limit
// is 0), and returns how many rows q has in all. A page that is not full tells the total
// by itself; only a full page, which may have more after it, costs a second query to
// count them.
func scanPage[T any](ctx context.Context, q *bun.SelectQuery, rows *[]T, limit, offset int) (int, error) {
	if limit > 0 {
		q = q.Limit(int64(limit))
	}
	if offset > 0 {
		q = q.Offset(int64(offset))
	}
	if err := q.Scan(ctx); err != nil {
		return 0, err
	}
	n := len(*rows)
	if limit == 0 || (n < limit && (n > 0 || offset == 0)) {
		return offset + n, nil
	}
	total, err := q.Count(ctx)
	return int(total), err
}
