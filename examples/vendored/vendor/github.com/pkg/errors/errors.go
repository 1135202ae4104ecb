// Package errors is a stand-in for the vendored github.com/pkg/errors (only what the example uses).
package errors

import "fmt"

// Wrap annotates err with a message.
func Wrap(err error, message string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", message, err)
}
