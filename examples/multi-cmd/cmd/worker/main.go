// Command worker processes queued orders.
package main

import (
	"log"
	"time"

	"example.com/shop/internal/store"
)

func main() {
	s := store.New()
	for range time.Tick(10 * time.Second) {
		log.Printf("processed %d orders", s.Drain())
	}
}
