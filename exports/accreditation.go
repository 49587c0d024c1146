package exports

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// AccreditationRow is one member of a delegation as the secretariat's accreditation form
// asks for them. Honorific, PassportName, Function and Organisation are written for the
// secretariat, in English whatever the list's language; Role and Accreditation are codes.
type AccreditationRow struct {
	Honorific, PassportName string
	NameEN, NameKO          string // the person's names, for a member whose passport name is not known yet
	Function, Organisation  string
	Role, Accreditation     string
	ArrivesOn, DepartsOn    *time.Time
}

// AccreditationList is the delegation of one session laid out for accreditation: one row
// per member, in the order of UNESCO's forms (the caller's), headers in the reader's
// language, printable on A4 like the pack.
type AccreditationList struct {
	SessionCode, SessionTitle string
	L                         *i18n.Localizer
	GeneratedBy               string
	GeneratedAt               time.Time
	Rows                      []AccreditationRow
}

// FileName is the list's file name, such as 220EX_accreditation_delegation_en_2026-11-27.xlsx.
func (a *AccreditationList) FileName() string {
	return fileName(a.SessionCode, "accreditation", Audience{Kind: "delegation"}, a.L.Lang(), a.GeneratedAt, "xlsx")
}

// columns are the list's columns, adding up to printWidth characters.
func (a *AccreditationList) columns() []column {
	t := a.L.T
	return []column{
		{Header: t("pack.col.number"), Width: 5, Kind: kindNumber},
		{Header: t("field.honorific"), Width: 9},
		{Header: t("field.passport_name"), Width: 25},
		{Header: t("field.function_en"), Width: 24},
		{Header: t("field.affiliation"), Width: 25},
		{Header: t("field.role"), Width: 14},
		{Header: t("field.arrives_on"), Width: 11, Kind: kindDate},
		{Header: t("field.departs_on"), Width: 11, Kind: kindDate},
	}
}

// Build writes the list into a workbook of one sheet.
func (a *AccreditationList) Build() (*Workbook, error) {
	f := excelize.NewFile()
	if err := a.build(f); err != nil {
		f.Close()
		return nil, err
	}
	return &Workbook{f: f}, nil
}

func (a *AccreditationList) build(f *excelize.File) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	name := a.L.T("accred.sheet")
	footer := a.SessionCode + " · " + a.L.T("accred.list_title")
	sh, err := newSheet(f, st, name, footer, a.L.T("accred.list_empty"), a.columns())
	if err != nil {
		return err
	}
	for i, r := range a.Rows {
		passport := any(Text(r.PassportName))
		if r.PassportName == "" {
			// The row must still say who it is: the person's name, marked as not yet the
			// passport's, in a note's style.
			known := r.NameEN
			if known == "" {
				known = r.NameKO
			}
			passport = excelize.Cell{StyleID: st.note, Value: a.L.T("accred.passport_missing", "Name", known)}
		}
		role := ""
		if l := domain.MemberRole(r.Role).Label(); l != "" {
			role = a.L.T(l)
		}
		if err := sh.add(i+1, Text(r.Honorific), passport, Text(r.Function), Text(r.Organisation), role, r.ArrivesOn, r.DepartsOn); err != nil {
			return err
		}
	}
	if err := sh.finish(); err != nil {
		return err
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return fmt.Errorf("exports: accreditation: %w", err)
	}
	f.SetActiveSheet(0)
	return f.SetDocProps(&excelize.DocProperties{
		Title:    a.SessionCode + " " + a.L.T("accred.list_title"),
		Subject:  a.SessionTitle,
		Creator:  a.GeneratedBy,
		Created:  a.GeneratedAt.UTC().Format(time.RFC3339),
		Language: a.L.Lang(),
	})
}

// Write builds the list and writes the workbook to w.
func (a *AccreditationList) Write(w io.Writer) error {
	wb, err := a.Build()
	if err != nil {
		return err
	}
	defer wb.Close()
	_, err = wb.WriteTo(w)
	return err
}
