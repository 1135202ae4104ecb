// Command vendored builds from vendor/ only: the Docker build downloads nothing.
package main

import (
	"fmt"
	"os"

	"github.com/pkg/errors"
)

func main() {
	_, err := os.Open("/does/not/exist")
	fmt.Println(errors.Wrap(err, "opening the config"))
}
