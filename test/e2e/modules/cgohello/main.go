// cgohello calls into libc through cgo, so its binary is dynamically linked against glibc: it runs
// only on a runtime image with a C library (distroless base, debian-slim), not on distroless
// static or scratch. create-go-dockerfile detects cgo from the `import "C"`.
package main

/*
#include <unistd.h>
static int e2e_pid(void) { return (int)getpid(); }
*/
import "C"

import (
	"fmt"
	"os"

	"example.test/greet"
)

func main() {
	fmt.Println(greet.Hello("e2e"))
	fmt.Println("edit:", editMarker)
	fmt.Println("cgo: pid from libc", int(C.e2e_pid()) > 0)
	fmt.Printf("uid=%d gid=%d\n", os.Getuid(), os.Getgid())
}
