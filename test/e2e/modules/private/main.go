// private needs a module that the test GOPROXY serves only with basic auth.
package main

import (
	"fmt"
	"os"

	"example.test/greet"
	"example.test/private/secret"
)

func main() {
	fmt.Println(greet.Hello("private"))
	fmt.Println(secret.Message())
	fmt.Printf("uid=%d gid=%d\n", os.Getuid(), os.Getgid())
}
