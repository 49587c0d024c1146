//go:build race

package main_test

// raceBuild makes the tests that run the plenary binary build it with the race detector
// when they run with it, so that the server's own data races fail them too.
const raceBuild = true
