package testtool

import (
	"sync"
	"time"
)

// Clock is a clock a test moves by hand, for the time-outs, windows and expiries that
// Plenary reads from its injected clock: a test moves it past a time-out instead of
// sleeping through one. Its Now method is the func() time.Time that the store, the web
// layer and the session storage take. It is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock that reads start until it is moved.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
