// Command hello answers every HTTP request with a greeting and its version.
package main

import (
	"fmt"
	"log"
	"net/http"
)

// version is stamped at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from %s (version %s)\n", r.URL.Path, version)
	})
	log.Printf("hello %s listening on :8080", version)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
