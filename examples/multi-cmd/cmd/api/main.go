// Command api serves the shop's orders over HTTP.
package main

import (
	"log"
	"net/http"
	"time"

	"example.com/shop/internal/store"
)

func main() {
	s := store.New()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(s.NewOrder() + "\n"))
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
