// Package greet is a tiny module served by the e2e test proxy.
package greet

// Hello returns a greeting for name.
func Hello(name string) string { return "Hello, " + name + "!" }
