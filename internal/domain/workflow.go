package domain

import "slices"

// Transition is one step of a workflow: the statuses it may be taken from, and the status
// it leads to (the zero status: the status stays).
type Transition[S comparable] struct {
	From []S
	To   S
}

// Workflow is a state machine, status × step: for each step, where it may be taken and
// where it leads. Who may take a step is the policy package's question, not the
// workflow's.
type Workflow[Step, S comparable] map[Step]Transition[S]

// Next returns the status reached from from by step, and false when the step cannot be
// taken in from by anyone.
func (w Workflow[Step, S]) Next(from S, step Step) (S, bool) {
	var zero S
	t, ok := w[step]
	if !ok || !slices.Contains(t.From, from) {
		return zero, false
	}
	if t.To == zero {
		return from, true
	}
	return t.To, true
}
