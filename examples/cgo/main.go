// Command cgodemo calls into C, so it needs CGO_ENABLED=1 and a runtime image with a C library.
package main

/*
#include <stdlib.h>

static int twice(int x) { return 2 * x; }
*/
import "C"

import "fmt"

func main() {
	fmt.Println("twice 21 is", int(C.twice(21)))
}
