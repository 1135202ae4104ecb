// Command app prints a title-cased greeting from the shared module, which is replaced by ./shared.
package main

import (
	"fmt"

	"example.com/shared"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

func main() {
	fmt.Println(cases.Title(language.English).String(shared.Greeting()))
}
