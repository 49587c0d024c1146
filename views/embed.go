// Package views holds Plenary's page templates and static assets, embedded in the binary
// so that it serves every asset itself and works offline.
package views

import "embed"

// Templates are the html/template files: layouts/, pages/ and partials/.
//
//go:embed layouts pages partials
var Templates embed.FS

// Static are the assets served under /static/.
//
//go:embed static
var Static embed.FS
