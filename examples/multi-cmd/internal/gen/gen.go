//go:build ignore

// gen.go is run by `go generate`; it is not a command of the module (the scaffolder skips it).
package main

func main() {}
