// Package exports builds the workbooks Plenary hands out: the briefing pack of a session
// and the consultation tracker. It reads domain values and writes .xlsx with excelize's
// StreamWriter; it knows nothing of HTTP, so the web server and the command line share it.
//
// Everything a person typed is written as text, never as a formula: a title starting
// with "=" shows literally in any office suite.
package exports
