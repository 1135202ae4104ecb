// Package secret is served by the e2e test proxy only with basic auth.
package secret

// Message is what only authenticated builds can compile in.
func Message() string { return "private module reached" }
