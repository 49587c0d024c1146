package domain

// BriefStep is one thing a person does to a brief.
type BriefStep string

// The steps of the brief workflow.
const (
	StepSave     BriefStep = "save"     // a new revision of the text
	StepSubmit   BriefStep = "submit"   // ask the involved ministries to review
	StepReview   BriefStep = "review"   // a ministry's verdict on the current revision
	StepApprove  BriefStep = "approve"  // every involved ministry concurs
	StepOverride BriefStep = "override" // approve without every ministry's concurrence, with a reason
	StepFinalise BriefStep = "finalise" // lock the text and hand it to the delegation
	StepReopen   BriefStep = "reopen"   // back to draft, with a reason
)

// BriefSteps lists the steps in the order of the workflow.
var BriefSteps = []BriefStep{StepSave, StepSubmit, StepReview, StepApprove, StepOverride, StepFinalise, StepReopen}

// BriefEventSteps are the steps a brief's history records as events: those that move its
// status. A save is recorded as a revision and a review as a verdict.
var BriefEventSteps = []BriefStep{StepSubmit, StepApprove, StepOverride, StepFinalise, StepReopen}

// Label returns the catalogue id of the step's name, as the history shows it.
func (s BriefStep) Label() string { return BriefStepEnum.Label(string(s)) }

// BriefWorkflow is the whole workflow of a brief, status × step: Commission staff write,
// submit, approve, finalise and reopen; a ministry's liaison reviews (who takes which
// step is policy's). Saving in review makes a new revision that the ministries review
// again; an approved or final text is locked until it is reopened.
var BriefWorkflow = Workflow[BriefStep, BriefStatus]{
	StepSave:     {From: []BriefStatus{BriefDraft, BriefInReview}},
	StepSubmit:   {From: []BriefStatus{BriefDraft}, To: BriefInReview},
	StepReview:   {From: []BriefStatus{BriefInReview}},
	StepApprove:  {From: []BriefStatus{BriefInReview}, To: BriefApproved},
	StepOverride: {From: []BriefStatus{BriefInReview}, To: BriefApproved},
	StepFinalise: {From: []BriefStatus{BriefApproved}, To: BriefFinal},
	StepReopen:   {From: []BriefStatus{BriefApproved, BriefFinal}, To: BriefDraft},
}

// From returns the statuses in which the step may be taken, whoever takes it.
func (s BriefStep) From() []BriefStatus { return BriefWorkflow[s].From }

// StepInput carries what the person saw when they took a workflow step: the brief's
// version and its current revision, so that a step is never taken on a brief that moved
// on meanwhile, and the reason where the step needs one.
type StepInput struct {
	Version    int    `form:"version" validate:"min=1"`
	RevisionID int64  `form:"revision_id" validate:"min=1"`
	Reason     string `form:"step_reason" validate:"max=2000" text:"multiline"`
	// Confirmed is the person's explicit confirmation, on the step's own page, of a step
	// that asks for one.
	Confirmed bool `form:"confirm"`
}

// NeedsConfirmation reports whether a person takes step only after confirming it on a
// page of its own: approving and making final hand the text on, and a click by mistake
// should not.
func (s BriefStep) NeedsConfirmation() bool { return s == StepApprove || s == StepFinalise }

// Confirmation returns an EINVALID error naming the confirmation when a person takes step
// without the confirmation it asks for.
func (in StepInput) Confirmation(step BriefStep) error {
	if step.NeedsConfirmation() && !in.Confirmed {
		return FieldError("confirm", "briefs.confirm_required")
	}
	return nil
}

// Check returns an EINVALID error naming the reason when step needs one and has none.
func (in StepInput) Check(step BriefStep) error {
	if (step == StepOverride || step == StepReopen) && trim(in.Reason) == "" {
		return FieldError("step_reason", "briefs.reason_required")
	}
	return nil
}
