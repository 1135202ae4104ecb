// Package shared lives next to the app and is used through a local replace directive.
package shared

func Greeting() string { return "hello from a local replace" }
