package exports

import "context"

// prefetchRows is how many rows may wait between the reader and the writer.
const prefetchRows = 256

// prefetch runs produce in a goroutine of its own and hands its rows to consume through a
// small buffer, so that reading the next rows from the database overlaps writing the last
// ones, while memory stays bounded by the buffer.
func prefetch[T any](ctx context.Context, produce func(context.Context, func(T) error) error, consume func(T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rows := make(chan T, prefetchRows)
	done := make(chan error, 1)
	go func() {
		defer close(rows)
		done <- produce(ctx, func(r T) error {
			select {
			case rows <- r:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for r := range rows {
		if err := consume(r); err != nil {
			cancel()
			for range rows { // let the reader finish and close
			}
			<-done
			return err
		}
	}
	return <-done
}
