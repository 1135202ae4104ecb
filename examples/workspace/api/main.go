// Command api greets over HTTP with the workspace's lib module.
package main

import (
	"log"
	"net/http"

	"example.com/ws/lib"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(lib.Greeting(r.URL.Query().Get("name")) + "\n"))
	})
	log.Fatal(http.ListenAndServe(":9000", nil))
}
