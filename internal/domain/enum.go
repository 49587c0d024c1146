package domain

import (
	"fmt"
	"slices"
)

// Enum is one of Plenary's closed lists of values, as its Go constants list it: the
// one definition that forms validate against (`validate:"enum=stance"`), that the
// database's CHECK constraints are tested against, and that names each value in the
// message catalogue, once, for pages, packs and mail alike.
type Enum struct {
	// Name is what validation tags call the list by.
	Name string
	// Values are the values in their order.
	Values []string
	// prefix is the start of each value's catalogue id, which the value completes:
	// stance.monitor.
	prefix string
}

func newEnum[S ~string](name, prefix string, values []S) *Enum {
	vs := make([]string, len(values))
	for i, v := range values {
		vs[i] = string(v)
	}
	return &Enum{Name: name, Values: vs, prefix: prefix}
}

// Has reports whether v is one of the values.
func (e *Enum) Has(v string) bool { return slices.Contains(e.Values, v) }

// Label returns the catalogue id of v's name, or "" when v is not one of the values.
func (e *Enum) Label(v string) string {
	if !e.Has(v) {
		return ""
	}
	return e.prefix + v
}

// The enums, each built from its typed list.
var (
	SessionStatusEnum      = newEnum("session_status", "session_status.", SessionStatuses)
	ItemStatusEnum         = newEnum("item_status", "item_status.", ItemStatuses)
	PriorityEnum           = newEnum("priority", "priority.", Priorities)
	BriefStatusEnum        = newEnum("brief_status", "brief_status.", BriefStatuses)
	StanceEnum             = newEnum("stance", "stance.", Stances)
	VerdictEnum            = newEnum("verdict", "verdict.", Verdicts)
	BriefStepEnum          = newEnum("brief_step", "brief_step.", BriefSteps)
	ConsultationStatusEnum = newEnum("consultation_status", "consultations.status_", ConsultationStatuses)
	MemberRoleEnum         = newEnum("member_role", "member_role.", MemberRoles)
	AccreditationEnum      = newEnum("accreditation", "accreditation.", Accreditations)
	HonorificEnum          = newEnum("honorific", "honorific.", Honorifics)
	AttendanceStatusEnum   = newEnum("attendance_status", "attendance_status.", AttendanceStatuses)
	RoleEnum               = newEnum("role", "role.", Roles)
	FileKindEnum           = newEnum("file_kind", "files.kind_", FileKinds)
	DocLanguageEnum        = newEnum("doc_language", "files.lang_", DocLanguages)
)

// Enums lists every enum whose values a person reads by name.
var Enums = []*Enum{
	SessionStatusEnum, ItemStatusEnum, PriorityEnum, BriefStatusEnum, StanceEnum, VerdictEnum,
	BriefStepEnum, ConsultationStatusEnum, MemberRoleEnum, AccreditationEnum,
	AttendanceStatusEnum, RoleEnum, NotificationKindEnum, OutboxStatusEnum, FileKindEnum, DocLanguageEnum,
	HonorificEnum,
}

// EnumNamed returns the enum called name. It panics when there is none: a validation
// tag naming an unknown list is a mistake in the code, not in the input.
func EnumNamed(name string) *Enum {
	for _, e := range Enums {
		if e.Name == name {
			return e
		}
	}
	panic(fmt.Sprintf("domain: no enum named %q", name))
}
