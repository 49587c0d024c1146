// Package exports builds the workbooks Plenary hands out, starting with the briefing pack
// of a session. It reads domain values and writes .xlsx with excelize; it knows nothing of
// HTTP, so the web server and the command line share it.
package exports
