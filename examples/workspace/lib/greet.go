// Package lib is shared by the workspace's modules.
package lib

func Greeting(name string) string {
	if name == "" {
		name = "world"
	}
	return "hello, " + name
}
