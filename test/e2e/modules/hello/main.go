// hello is the example program of the e2e tests: it prints a greeting from a module fetched
// through the test GOPROXY, the edit marker (the tests rewrite edit.go to change source without
// touching go.mod) and the uid it runs as (the images must not run as root).
package main

import (
	"fmt"
	"os"

	"example.test/greet"
)

// version can be stamped with -ldflags "-X main.version=..." (create-go-dockerfile --version-var).
var version = "dev"

func main() {
	fmt.Println(greet.Hello("e2e"))
	fmt.Println("edit:", editMarker)
	fmt.Println("version:", version)
	fmt.Printf("uid=%d gid=%d\n", os.Getuid(), os.Getgid())
}
